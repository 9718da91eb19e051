using Microsoft.ML.Nas.Torch.Interop;

namespace Microsoft.ML.Nas.Torch;

/// <summary>Factories and data transfer.</summary>
public sealed partial class Tensor
{
    /// <summary>Creates a tensor holding a copy of <paramref name="data"/> with the given shape, on the CPU.</summary>
    /// <typeparam name="T">
    /// The element type: <see cref="float"/>, <see cref="double"/>, <see cref="long"/>, <see cref="int"/>,
    /// <see cref="byte"/>, <see cref="sbyte"/>, <see cref="short"/> or <see cref="bool"/>.
    /// </typeparam>
    /// <param name="data">The elements in row-major order.</param>
    /// <param name="shape">The shape; its product must equal the number of elements.</param>
    /// <returns>A new tensor.</returns>
    /// <exception cref="ArgumentException">The shape does not match the number of elements.</exception>
    public static unsafe Tensor FromSpan<T>(ReadOnlySpan<T> data, ReadOnlySpan<long> shape)
        where T : unmanaged
    {
        var dtype = ScalarTypeOf<T>();
        long count = 1;
        foreach (var size in shape)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(size, nameof(shape));
            count *= size;
        }

        if (count != data.Length)
        {
            throw new ArgumentException(
                $"Shape [{string.Join(", ", shape.ToArray())}] holds {count} elements but the data has {data.Length}.",
                nameof(shape));
        }

        fixed (T* dataPointer = data)
        fixed (long* shapePointer = shape)
        {
            return new Tensor(NativeMethods.Check(
                NativeMethods.TensorFromData(dataPointer, shapePointer, shape.Length, (int)dtype)));
        }
    }

    /// <summary>Creates a tensor holding a copy of <paramref name="data"/>; a 1-D tensor when no shape is given.</summary>
    /// <typeparam name="T">The element type (see <see cref="FromSpan{T}"/>).</typeparam>
    /// <param name="data">The elements in row-major order.</param>
    /// <param name="shape">The shape; defaults to <c>[data.Length]</c>.</param>
    /// <returns>A new tensor.</returns>
    public static Tensor FromArray<T>(T[] data, params long[] shape)
        where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(data);
        return FromSpan<T>(data, shape.Length == 0 ? [data.Length] : shape);
    }

    /// <summary>Creates a 0-dimensional tensor holding one value.</summary>
    /// <param name="value">The value.</param>
    /// <param name="dtype">The element type; <see cref="ScalarType.Float32"/> by default.</param>
    /// <returns>A new scalar tensor.</returns>
    public static unsafe Tensor Scalar(double value, ScalarType dtype = ScalarType.Float32)
    {
        return new Tensor(NativeMethods.Check(
            NativeMethods.TensorFull(null, 0, value, (int)dtype, (int)DeviceType.Cpu, -1)));
    }

    /// <summary>Creates an uninitialised tensor.</summary>
    /// <param name="shape">The shape.</param>
    /// <param name="dtype">The element type; <see cref="ScalarType.Float32"/> by default.</param>
    /// <param name="device">The device; the CPU by default.</param>
    /// <returns>A new tensor.</returns>
    public static unsafe Tensor Empty(ReadOnlySpan<long> shape, ScalarType dtype = ScalarType.Float32, Device? device = null)
    {
        var target = device ?? Device.Cpu;
        fixed (long* pointer = shape)
        {
            return new Tensor(NativeMethods.Check(
                NativeMethods.TensorEmpty(pointer, shape.Length, (int)dtype, (int)target.Type, target.Index)));
        }
    }

    /// <summary>Creates a tensor of zeros.</summary>
    /// <param name="shape">The shape.</param>
    /// <param name="dtype">The element type; <see cref="ScalarType.Float32"/> by default.</param>
    /// <param name="device">The device; the CPU by default.</param>
    /// <returns>A new tensor.</returns>
    public static unsafe Tensor Zeros(ReadOnlySpan<long> shape, ScalarType dtype = ScalarType.Float32, Device? device = null)
    {
        var target = device ?? Device.Cpu;
        fixed (long* pointer = shape)
        {
            return new Tensor(NativeMethods.Check(
                NativeMethods.TensorZeros(pointer, shape.Length, (int)dtype, (int)target.Type, target.Index)));
        }
    }

    /// <summary>Creates a tensor of ones.</summary>
    /// <param name="shape">The shape.</param>
    /// <param name="dtype">The element type; <see cref="ScalarType.Float32"/> by default.</param>
    /// <param name="device">The device; the CPU by default.</param>
    /// <returns>A new tensor.</returns>
    public static unsafe Tensor Ones(ReadOnlySpan<long> shape, ScalarType dtype = ScalarType.Float32, Device? device = null)
    {
        var target = device ?? Device.Cpu;
        fixed (long* pointer = shape)
        {
            return new Tensor(NativeMethods.Check(
                NativeMethods.TensorOnes(pointer, shape.Length, (int)dtype, (int)target.Type, target.Index)));
        }
    }

    /// <summary>Creates a tensor filled with <paramref name="value"/>.</summary>
    /// <param name="shape">The shape.</param>
    /// <param name="value">The fill value.</param>
    /// <param name="dtype">The element type; <see cref="ScalarType.Float32"/> by default.</param>
    /// <param name="device">The device; the CPU by default.</param>
    /// <returns>A new tensor.</returns>
    public static unsafe Tensor Full(ReadOnlySpan<long> shape, double value, ScalarType dtype = ScalarType.Float32, Device? device = null)
    {
        var target = device ?? Device.Cpu;
        fixed (long* pointer = shape)
        {
            return new Tensor(NativeMethods.Check(
                NativeMethods.TensorFull(pointer, shape.Length, value, (int)dtype, (int)target.Type, target.Index)));
        }
    }

    /// <summary>Creates the 1-D tensor [start, start+step, ...) below <paramref name="end"/>.</summary>
    /// <param name="start">The first value.</param>
    /// <param name="end">The exclusive upper bound.</param>
    /// <param name="step">The spacing; 1 by default.</param>
    /// <param name="dtype">The element type; <see cref="ScalarType.Int64"/> by default.</param>
    /// <param name="device">The device; the CPU by default.</param>
    /// <returns>A new tensor.</returns>
    public static Tensor Arange(double start, double end, double step = 1, ScalarType dtype = ScalarType.Int64, Device? device = null)
    {
        var target = device ?? Device.Cpu;
        return new Tensor(NativeMethods.Check(
            NativeMethods.TensorArange(start, end, step, (int)dtype, (int)target.Type, target.Index)));
    }

    /// <summary>Creates a tensor of samples from U[0, 1), drawn from libtorch's generator (see <see cref="LibTorch.ManualSeed"/>).</summary>
    /// <param name="shape">The shape.</param>
    /// <param name="dtype">The element type; <see cref="ScalarType.Float32"/> by default.</param>
    /// <param name="device">The device; the CPU by default.</param>
    /// <returns>A new tensor.</returns>
    public static unsafe Tensor Rand(ReadOnlySpan<long> shape, ScalarType dtype = ScalarType.Float32, Device? device = null)
    {
        var target = device ?? Device.Cpu;
        fixed (long* pointer = shape)
        {
            return new Tensor(NativeMethods.Check(
                NativeMethods.TensorRand(pointer, shape.Length, (int)dtype, (int)target.Type, target.Index)));
        }
    }

    /// <summary>Creates a tensor of standard normal samples, drawn from libtorch's generator.</summary>
    /// <param name="shape">The shape.</param>
    /// <param name="dtype">The element type; <see cref="ScalarType.Float32"/> by default.</param>
    /// <param name="device">The device; the CPU by default.</param>
    /// <returns>A new tensor.</returns>
    public static unsafe Tensor Randn(ReadOnlySpan<long> shape, ScalarType dtype = ScalarType.Float32, Device? device = null)
    {
        var target = device ?? Device.Cpu;
        fixed (long* pointer = shape)
        {
            return new Tensor(NativeMethods.Check(
                NativeMethods.TensorRandn(pointer, shape.Length, (int)dtype, (int)target.Type, target.Index)));
        }
    }

    /// <summary>Creates a tensor of integers drawn uniformly from [<paramref name="low"/>, <paramref name="high"/>).</summary>
    /// <param name="low">The inclusive lower bound.</param>
    /// <param name="high">The exclusive upper bound.</param>
    /// <param name="shape">The shape.</param>
    /// <param name="dtype">The element type; <see cref="ScalarType.Int64"/> by default.</param>
    /// <param name="device">The device; the CPU by default.</param>
    /// <returns>A new tensor.</returns>
    public static unsafe Tensor RandInt(long low, long high, ReadOnlySpan<long> shape, ScalarType dtype = ScalarType.Int64, Device? device = null)
    {
        var target = device ?? Device.Cpu;
        fixed (long* pointer = shape)
        {
            return new Tensor(NativeMethods.Check(
                NativeMethods.TensorRandint(low, high, pointer, shape.Length, (int)dtype, (int)target.Type, target.Index)));
        }
    }

    /// <summary>Creates a random permutation of 0..n-1, drawn from libtorch's generator.</summary>
    /// <param name="n">The number of elements.</param>
    /// <param name="device">The device; the CPU by default.</param>
    /// <returns>A new <see cref="ScalarType.Int64"/> tensor.</returns>
    public static Tensor RandPerm(long n, Device? device = null)
    {
        var target = device ?? Device.Cpu;
        return new Tensor(NativeMethods.Check(
            NativeMethods.TensorRandperm(n, (int)ScalarType.Int64, (int)target.Type, target.Index)));
    }

    /// <summary>Copies the elements (row-major, moved to the CPU if needed) into <paramref name="destination"/>.</summary>
    /// <typeparam name="T">The element type; must match <see cref="Dtype"/>.</typeparam>
    /// <param name="destination">A span of exactly <see cref="NumberOfElements"/> elements.</param>
    /// <exception cref="ArgumentException">The element type or length does not match.</exception>
    public unsafe void CopyTo<T>(Span<T> destination)
        where T : unmanaged
    {
        var expected = ScalarTypeOf<T>();
        if (expected != Dtype)
        {
            throw new ArgumentException($"The tensor holds {Dtype} but the destination is {typeof(T).Name}.", nameof(destination));
        }

        fixed (T* pointer = destination)
        {
            NativeMethods.Check(NativeMethods.TensorCopyTo(Handle, pointer, (long)destination.Length * sizeof(T)));
            GC.KeepAlive(this);
        }
    }

    /// <summary>Copies the elements into a new array (row-major, moved to the CPU if needed).</summary>
    /// <typeparam name="T">The element type; must match <see cref="Dtype"/>.</typeparam>
    /// <returns>The elements.</returns>
    public T[] ToArray<T>()
        where T : unmanaged
    {
        var result = new T[checked((int)NumberOfElements)];
        CopyTo<T>(result);
        return result;
    }

    /// <summary>Reads a one-element tensor as a <see cref="double"/>.</summary>
    /// <returns>The value.</returns>
    public double ToDouble()
    {
        NativeMethods.Check(NativeMethods.TensorItemDouble(Handle, out var value));
        return value;
    }

    /// <summary>Reads a one-element tensor as a <see cref="float"/>.</summary>
    /// <returns>The value.</returns>
    public float ToSingle() => (float)ToDouble();

    /// <summary>Reads a one-element tensor as a <see cref="long"/>.</summary>
    /// <returns>The value.</returns>
    public long ToInt64()
    {
        NativeMethods.Check(NativeMethods.TensorItemLong(Handle, out var value));
        return value;
    }

    /// <summary>Returns a copy with its own memory.</summary>
    /// <returns>A new tensor.</returns>
    public Tensor Clone() => WrapResult(NativeMethods.TensorClone(Handle));

    /// <summary>Returns a tensor sharing memory but cut from the autograd graph.</summary>
    /// <returns>A new tensor.</returns>
    public Tensor Detach() => WrapResult(NativeMethods.TensorDetach(Handle));

    /// <summary>Returns a contiguous tensor (this data, copied only if needed).</summary>
    /// <returns>A new tensor.</returns>
    public Tensor Contiguous() => WrapResult(NativeMethods.TensorContiguous(Handle));

    /// <summary>Converts to another element type.</summary>
    /// <param name="dtype">The element type.</param>
    /// <returns>A new tensor.</returns>
    public Tensor To(ScalarType dtype) => WrapResult(NativeMethods.TensorToDtype(Handle, (int)dtype));

    /// <summary>Moves to another device.</summary>
    /// <param name="device">The device.</param>
    /// <returns>A new tensor.</returns>
    public Tensor To(Device device) =>
        WrapResult(NativeMethods.TensorToDevice(Handle, (int)device.Type, device.Index));

    /// <summary>Copies <paramref name="source"/> into this tensor in place, outside autograd (shapes broadcast).</summary>
    /// <param name="source">The values to copy.</param>
    public void CopyFrom(Tensor source)
    {
        ArgumentNullException.ThrowIfNull(source);
        NativeMethods.Check(NativeMethods.TensorCopyInPlace(Handle, source.Handle));
        GC.KeepAlive(this);
        GC.KeepAlive(source);
    }

    /// <summary>Maps a .NET element type to its <see cref="ScalarType"/>.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <returns>The scalar type.</returns>
    /// <exception cref="NotSupportedException">The type has no tensor element type.</exception>
    public static ScalarType ScalarTypeOf<T>()
        where T : unmanaged
    {
        return typeof(T) switch
        {
            var t when t == typeof(float) => ScalarType.Float32,
            var t when t == typeof(double) => ScalarType.Float64,
            var t when t == typeof(long) => ScalarType.Int64,
            var t when t == typeof(int) => ScalarType.Int32,
            var t when t == typeof(short) => ScalarType.Int16,
            var t when t == typeof(byte) => ScalarType.UInt8,
            var t when t == typeof(sbyte) => ScalarType.Int8,
            var t when t == typeof(bool) => ScalarType.Bool,
            _ => throw new NotSupportedException($"{typeof(T).Name} is not a tensor element type."),
        };
    }
}
