using System.Runtime.InteropServices;

namespace Microsoft.ML.Nas.Torch.Interop;

/// <summary>Entry points of <c>nasml_tensor.cpp</c>: creation, data transfer, metadata and views.</summary>
internal static unsafe partial class NativeMethods
{
    [LibraryImport(LibraryName, EntryPoint = "nasml_tensor_from_data")]
    internal static partial IntPtr TensorFromData(void* data, long* shape, long ndim, int dtype);

    [LibraryImport(LibraryName, EntryPoint = "nasml_tensor_empty")]
    internal static partial IntPtr TensorEmpty(long* shape, long ndim, int dtype, int deviceType, int deviceIndex);

    [LibraryImport(LibraryName, EntryPoint = "nasml_tensor_zeros")]
    internal static partial IntPtr TensorZeros(long* shape, long ndim, int dtype, int deviceType, int deviceIndex);

    [LibraryImport(LibraryName, EntryPoint = "nasml_tensor_ones")]
    internal static partial IntPtr TensorOnes(long* shape, long ndim, int dtype, int deviceType, int deviceIndex);

    [LibraryImport(LibraryName, EntryPoint = "nasml_tensor_full")]
    internal static partial IntPtr TensorFull(long* shape, long ndim, double value, int dtype, int deviceType, int deviceIndex);

    [LibraryImport(LibraryName, EntryPoint = "nasml_tensor_arange")]
    internal static partial IntPtr TensorArange(double start, double end, double step, int dtype, int deviceType, int deviceIndex);

    [LibraryImport(LibraryName, EntryPoint = "nasml_tensor_rand")]
    internal static partial IntPtr TensorRand(long* shape, long ndim, int dtype, int deviceType, int deviceIndex);

    [LibraryImport(LibraryName, EntryPoint = "nasml_tensor_randn")]
    internal static partial IntPtr TensorRandn(long* shape, long ndim, int dtype, int deviceType, int deviceIndex);

    [LibraryImport(LibraryName, EntryPoint = "nasml_tensor_randint")]
    internal static partial IntPtr TensorRandint(long low, long high, long* shape, long ndim, int dtype, int deviceType, int deviceIndex);

    [LibraryImport(LibraryName, EntryPoint = "nasml_tensor_randperm")]
    internal static partial IntPtr TensorRandperm(long n, int dtype, int deviceType, int deviceIndex);

    [LibraryImport(LibraryName, EntryPoint = "nasml_tensor_copy_to")]
    internal static partial int TensorCopyTo(IntPtr tensor, void* destination, long byteCount);

    [LibraryImport(LibraryName, EntryPoint = "nasml_tensor_item_double")]
    internal static partial int TensorItemDouble(IntPtr tensor, out double value);

    [LibraryImport(LibraryName, EntryPoint = "nasml_tensor_item_long")]
    internal static partial int TensorItemLong(IntPtr tensor, out long value);

    [LibraryImport(LibraryName, EntryPoint = "nasml_tensor_ndim")]
    internal static partial long TensorNdim(IntPtr tensor);

    [LibraryImport(LibraryName, EntryPoint = "nasml_tensor_shape")]
    internal static partial int TensorShape(IntPtr tensor, long* shape);

    [LibraryImport(LibraryName, EntryPoint = "nasml_tensor_numel")]
    internal static partial long TensorNumel(IntPtr tensor);

    [LibraryImport(LibraryName, EntryPoint = "nasml_tensor_dtype")]
    internal static partial int TensorDtype(IntPtr tensor);

    [LibraryImport(LibraryName, EntryPoint = "nasml_tensor_device_type")]
    internal static partial int TensorDeviceType(IntPtr tensor);

    [LibraryImport(LibraryName, EntryPoint = "nasml_tensor_device_index")]
    internal static partial int TensorDeviceIndex(IntPtr tensor);

    [LibraryImport(LibraryName, EntryPoint = "nasml_tensor_is_contiguous")]
    internal static partial int TensorIsContiguous(IntPtr tensor);

    [LibraryImport(LibraryName, EntryPoint = "nasml_tensor_clone")]
    internal static partial IntPtr TensorClone(IntPtr tensor);

    [LibraryImport(LibraryName, EntryPoint = "nasml_tensor_detach")]
    internal static partial IntPtr TensorDetach(IntPtr tensor);

    [LibraryImport(LibraryName, EntryPoint = "nasml_tensor_contiguous")]
    internal static partial IntPtr TensorContiguous(IntPtr tensor);

    [LibraryImport(LibraryName, EntryPoint = "nasml_tensor_to_dtype")]
    internal static partial IntPtr TensorToDtype(IntPtr tensor, int dtype);

    [LibraryImport(LibraryName, EntryPoint = "nasml_tensor_to_device")]
    internal static partial IntPtr TensorToDevice(IntPtr tensor, int deviceType, int deviceIndex);

    [LibraryImport(LibraryName, EntryPoint = "nasml_tensor_copy_")]
    internal static partial int TensorCopyInPlace(IntPtr destination, IntPtr source);

    [LibraryImport(LibraryName, EntryPoint = "nasml_tensor_reshape")]
    internal static partial IntPtr TensorReshape(IntPtr tensor, long* shape, long ndim);

    [LibraryImport(LibraryName, EntryPoint = "nasml_tensor_view")]
    internal static partial IntPtr TensorView(IntPtr tensor, long* shape, long ndim);

    [LibraryImport(LibraryName, EntryPoint = "nasml_tensor_slice")]
    internal static partial IntPtr TensorSlice(IntPtr tensor, long dim, long start, long end, long step);

    [LibraryImport(LibraryName, EntryPoint = "nasml_tensor_select")]
    internal static partial IntPtr TensorSelect(IntPtr tensor, long dim, long index);

    [LibraryImport(LibraryName, EntryPoint = "nasml_tensor_cat")]
    internal static partial IntPtr TensorCat(IntPtr* tensors, long count, long dim);

    [LibraryImport(LibraryName, EntryPoint = "nasml_tensor_stack")]
    internal static partial IntPtr TensorStack(IntPtr* tensors, long count, long dim);

    [LibraryImport(LibraryName, EntryPoint = "nasml_tensor_index_select")]
    internal static partial IntPtr TensorIndexSelect(IntPtr tensor, long dim, IntPtr index);

    [LibraryImport(LibraryName, EntryPoint = "nasml_tensor_transpose")]
    internal static partial IntPtr TensorTranspose(IntPtr tensor, long dim0, long dim1);

    [LibraryImport(LibraryName, EntryPoint = "nasml_tensor_permute")]
    internal static partial IntPtr TensorPermute(IntPtr tensor, long* dims, long ndims);

    [LibraryImport(LibraryName, EntryPoint = "nasml_tensor_unsqueeze")]
    internal static partial IntPtr TensorUnsqueeze(IntPtr tensor, long dim);

    [LibraryImport(LibraryName, EntryPoint = "nasml_tensor_squeeze")]
    internal static partial IntPtr TensorSqueeze(IntPtr tensor);

    [LibraryImport(LibraryName, EntryPoint = "nasml_tensor_squeeze_dim")]
    internal static partial IntPtr TensorSqueezeDim(IntPtr tensor, long dim);

    [LibraryImport(LibraryName, EntryPoint = "nasml_tensor_expand")]
    internal static partial IntPtr TensorExpand(IntPtr tensor, long* shape, long ndim);

    [LibraryImport(LibraryName, EntryPoint = "nasml_tensor_repeat")]
    internal static partial IntPtr TensorRepeat(IntPtr tensor, long* repeats, long ndim);

    [LibraryImport(LibraryName, EntryPoint = "nasml_tensor_narrow")]
    internal static partial IntPtr TensorNarrow(IntPtr tensor, long dim, long start, long length);

    [LibraryImport(LibraryName, EntryPoint = "nasml_tensor_gather")]
    internal static partial IntPtr TensorGather(IntPtr tensor, long dim, IntPtr index);

    [LibraryImport(LibraryName, EntryPoint = "nasml_tensor_scatter")]
    internal static partial IntPtr TensorScatter(IntPtr tensor, long dim, IntPtr index, IntPtr source);

    [LibraryImport(LibraryName, EntryPoint = "nasml_tensor_masked_fill")]
    internal static partial IntPtr TensorMaskedFill(IntPtr tensor, IntPtr mask, double value);

    [LibraryImport(LibraryName, EntryPoint = "nasml_tensor_one_hot")]
    internal static partial IntPtr TensorOneHot(IntPtr tensor, long numClasses);
}
