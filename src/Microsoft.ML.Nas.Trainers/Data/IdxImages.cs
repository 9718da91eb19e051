namespace Microsoft.ML.Nas.Trainers.Data;

/// <summary>Images read from an IDX file: unsigned-byte pixels, one channel.</summary>
/// <param name="Count">The number of images.</param>
/// <param name="Height">The height of each image, in pixels.</param>
/// <param name="Width">The width of each image, in pixels.</param>
/// <param name="Pixels">The pixels, <c>Count × Height × Width</c> bytes in row-major order.</param>
public sealed record IdxImages(int Count, int Height, int Width, byte[] Pixels);
