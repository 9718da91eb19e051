@echo off
rem NasML's one-command build on Windows. Usage:
rem   build.cmd            build the solution (Release)
rem   build.cmd test       the above, then run every test
rem   build.cmd bench NAME the above, then run benchmark NAME
rem   build.cmd pack       the above, then make the NuGet packages (artifacts\packages)
rem Requires only the .NET 10 SDK: the engine is TorchSharp-cpu from NuGet (libtorch 2.10 for win-x64), no C++ toolchain.
rem The Fashion-MNIST tests read Debian's /usr/share/datasets/fashion-mnist; on Windows the sample takes --data FOLDER.
rem Not run here: the project's machines are Debian; this file mirrors build.sh.
setlocal enabledelayedexpansion
set ROOT=%~dp0
set CONFIGURATION=Release
set COMMAND=%1
if "%COMMAND%"=="" set COMMAND=build

dotnet build "%ROOT%NasML.sln" -c %CONFIGURATION% -nologo -clp:ErrorsOnly || exit /b 1

if "%COMMAND%"=="build" exit /b 0
if "%COMMAND%"=="test" (
  pushd "%ROOT%tools\onnx-runner" && call npm ci --ignore-scripts --no-audit --no-fund --loglevel=error & popd
  for /d %%P in ("%ROOT%test\*.Tests") do (
    dotnet test "%%P" -c %CONFIGURATION% --no-build -nologo || exit /b 1
  )
  exit /b 0
)
if "%COMMAND%"=="bench" (
  dotnet "%ROOT%bench\NasML.Benchmarks\bin\%CONFIGURATION%\net10.0\NasML.Benchmarks.dll" %2 %3 %4 %5 %6
  exit /b !errorlevel!
)
if "%COMMAND%"=="pack" (
  for %%P in (Microsoft.ML.Nas Microsoft.ML.Nas.Trainers) do (
    dotnet pack "%ROOT%src\%%P\%%P.csproj" -c %CONFIGURATION% --no-build -nologo -o "%ROOT%artifacts\packages" || exit /b 1
  )
  exit /b 0
)
echo unknown command '%COMMAND%' (build, test, bench NAME, pack) 1>&2
exit /b 2
