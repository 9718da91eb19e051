@echo off
rem NasML's one-command build on Windows. Usage:
rem   build.cmd            build the native shim and the solution (Release)
rem   build.cmd test       the above, then run every test
rem   build.cmd bench NAME the above, then run benchmark NAME
rem Requires: Visual Studio C++ build tools, CMake, the .NET 10 SDK, and an extracted libtorch (CPU or CUDA)
rem from pytorch.org with the LIBTORCH environment variable pointing at its folder (the one holding share\cmake\Torch).
setlocal enabledelayedexpansion
set ROOT=%~dp0
set CONFIGURATION=Release
if "%LIBTORCH%"=="" (
  echo LIBTORCH is not set: point it at an extracted libtorch folder, e.g. set LIBTORCH=C:\libtorch 1>&2
  exit /b 1
)
set COMMAND=%1
if "%COMMAND%"=="" set COMMAND=build

cmake -S "%ROOT%src\Native" -B "%ROOT%artifacts\native-build" -DCMAKE_PREFIX_PATH="%LIBTORCH%" || exit /b 1
cmake --build "%ROOT%artifacts\native-build" --config Release || exit /b 1
if not exist "%ROOT%artifacts\native" mkdir "%ROOT%artifacts\native"
copy /y "%ROOT%artifacts\native-build\Release\nasml_native.dll" "%ROOT%artifacts\native\" >nul || exit /b 1
rem libtorch's DLLs must sit next to the shim on Windows (no RPATH there).
copy /y "%LIBTORCH%\lib\*.dll" "%ROOT%artifacts\native\" >nul

dotnet build "%ROOT%NasML.sln" -c %CONFIGURATION% -nologo -clp:ErrorsOnly || exit /b 1

if "%COMMAND%"=="build" exit /b 0
if "%COMMAND%"=="test" (
  for /d %%P in ("%ROOT%test\*.Tests") do (
    dotnet test "%%P" -c %CONFIGURATION% --no-build -nologo || exit /b 1
  )
  exit /b 0
)
if "%COMMAND%"=="bench" (
  dotnet "%ROOT%bench\NasML.Benchmarks\bin\%CONFIGURATION%\net10.0\NasML.Benchmarks.dll" %2 %3 %4
  exit /b !errorlevel!
)
echo unknown command '%COMMAND%' (build, test, bench NAME) 1>&2
exit /b 2
