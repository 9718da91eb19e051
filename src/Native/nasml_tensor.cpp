// Tensor creation, data transfer, metadata and views. Managed side: Interop/NativeMethods.Tensor.cs.
#include <cstring>

#include "nasml_common.h"

namespace {

at::TensorOptions options(int32_t dtype, int32_t device_type, int32_t device_index) {
    return at::TensorOptions()
        .dtype(static_cast<c10::ScalarType>(dtype))
        .device(static_cast<c10::DeviceType>(device_type), static_cast<c10::DeviceIndex>(device_index));
}

}  // namespace

// ---- creation ----

NASML_API nasml_tensor nasml_tensor_from_data(const void* data, const int64_t* shape, int64_t ndim, int32_t dtype) {
    // from_blob does not own the managed buffer: clone so the tensor owns its memory.
    NASML_TENSOR(torch::from_blob(const_cast<void*>(data), nasml::dims(shape, ndim),
                                  at::TensorOptions().dtype(static_cast<c10::ScalarType>(dtype)))
                     .clone());
}

NASML_API nasml_tensor nasml_tensor_empty(const int64_t* shape, int64_t ndim, int32_t dtype, int32_t device_type,
                                          int32_t device_index) {
    NASML_TENSOR(torch::empty(nasml::dims(shape, ndim), options(dtype, device_type, device_index)));
}

NASML_API nasml_tensor nasml_tensor_zeros(const int64_t* shape, int64_t ndim, int32_t dtype, int32_t device_type,
                                          int32_t device_index) {
    NASML_TENSOR(torch::zeros(nasml::dims(shape, ndim), options(dtype, device_type, device_index)));
}

NASML_API nasml_tensor nasml_tensor_ones(const int64_t* shape, int64_t ndim, int32_t dtype, int32_t device_type,
                                         int32_t device_index) {
    NASML_TENSOR(torch::ones(nasml::dims(shape, ndim), options(dtype, device_type, device_index)));
}

NASML_API nasml_tensor nasml_tensor_full(const int64_t* shape, int64_t ndim, double value, int32_t dtype,
                                         int32_t device_type, int32_t device_index) {
    NASML_TENSOR(torch::full(nasml::dims(shape, ndim), value, options(dtype, device_type, device_index)));
}

NASML_API nasml_tensor nasml_tensor_arange(double start, double end, double step, int32_t dtype, int32_t device_type,
                                           int32_t device_index) {
    NASML_TENSOR(torch::arange(start, end, step, options(dtype, device_type, device_index)));
}

NASML_API nasml_tensor nasml_tensor_rand(const int64_t* shape, int64_t ndim, int32_t dtype, int32_t device_type,
                                         int32_t device_index) {
    NASML_TENSOR(torch::rand(nasml::dims(shape, ndim), options(dtype, device_type, device_index)));
}

NASML_API nasml_tensor nasml_tensor_randn(const int64_t* shape, int64_t ndim, int32_t dtype, int32_t device_type,
                                          int32_t device_index) {
    NASML_TENSOR(torch::randn(nasml::dims(shape, ndim), options(dtype, device_type, device_index)));
}

NASML_API nasml_tensor nasml_tensor_randint(int64_t low, int64_t high, const int64_t* shape, int64_t ndim,
                                            int32_t dtype, int32_t device_type, int32_t device_index) {
    NASML_TENSOR(torch::randint(low, high, nasml::dims(shape, ndim), options(dtype, device_type, device_index)));
}

NASML_API nasml_tensor nasml_tensor_randperm(int64_t n, int32_t dtype, int32_t device_type, int32_t device_index) {
    NASML_TENSOR(torch::randperm(n, options(dtype, device_type, device_index)));
}

// ---- data transfer ----

// Copies the tensor's elements (converted to a contiguous CPU tensor) into dst, which holds byte_count bytes.
NASML_API int32_t nasml_tensor_copy_to(nasml_tensor tensor, void* dst, int64_t byte_count) {
    NASML_STATUS({
        at::Tensor cpu = tensor->detach().to(at::kCPU).contiguous();
        const int64_t needed = cpu.numel() * static_cast<int64_t>(cpu.element_size());
        TORCH_CHECK(needed == byte_count, "copy_to: tensor holds ", needed, " bytes but the destination holds ",
                    byte_count);
        if (needed > 0) std::memcpy(dst, cpu.data_ptr(), static_cast<size_t>(needed));
    });
}

// Reads a one-element tensor as a double.
NASML_API int32_t nasml_tensor_item_double(nasml_tensor tensor, double* value) {
    NASML_STATUS(*value = tensor->item<double>());
}

// Reads a one-element tensor as an int64.
NASML_API int32_t nasml_tensor_item_long(nasml_tensor tensor, int64_t* value) {
    NASML_STATUS(*value = tensor->item<int64_t>());
}

// ---- metadata ----

NASML_API int64_t nasml_tensor_ndim(nasml_tensor tensor) { return tensor->dim(); }

NASML_API int32_t nasml_tensor_shape(nasml_tensor tensor, int64_t* shape) {
    NASML_STATUS({
        for (int64_t i = 0; i < tensor->dim(); ++i) shape[i] = tensor->size(i);
    });
}

NASML_API int64_t nasml_tensor_numel(nasml_tensor tensor) { return tensor->numel(); }

NASML_API int32_t nasml_tensor_dtype(nasml_tensor tensor) { return static_cast<int32_t>(tensor->scalar_type()); }

NASML_API int32_t nasml_tensor_device_type(nasml_tensor tensor) {
    return static_cast<int32_t>(tensor->device().type());
}

NASML_API int32_t nasml_tensor_device_index(nasml_tensor tensor) { return tensor->device().index(); }

NASML_API int32_t nasml_tensor_is_contiguous(nasml_tensor tensor) { return tensor->is_contiguous() ? 1 : 0; }

// ---- conversion and copies ----

NASML_API nasml_tensor nasml_tensor_clone(nasml_tensor tensor) { NASML_TENSOR(tensor->clone()); }

NASML_API nasml_tensor nasml_tensor_detach(nasml_tensor tensor) { NASML_TENSOR(tensor->detach()); }

NASML_API nasml_tensor nasml_tensor_contiguous(nasml_tensor tensor) { NASML_TENSOR(tensor->contiguous()); }

NASML_API nasml_tensor nasml_tensor_to_dtype(nasml_tensor tensor, int32_t dtype) {
    NASML_TENSOR(tensor->to(static_cast<c10::ScalarType>(dtype)));
}

NASML_API nasml_tensor nasml_tensor_to_device(nasml_tensor tensor, int32_t device_type, int32_t device_index) {
    NASML_TENSOR(tensor->to(c10::Device(static_cast<c10::DeviceType>(device_type),
                                        static_cast<c10::DeviceIndex>(device_index))));
}

// In place: copies source into destination (shapes broadcast), e.g. to load a state dict.
NASML_API int32_t nasml_tensor_copy_(nasml_tensor destination, nasml_tensor source) {
    NASML_STATUS({
        torch::NoGradGuard no_grad;
        destination->copy_(*source);
    });
}

// ---- shape and views ----

NASML_API nasml_tensor nasml_tensor_reshape(nasml_tensor tensor, const int64_t* shape, int64_t ndim) {
    NASML_TENSOR(tensor->reshape(nasml::dims(shape, ndim)));
}

NASML_API nasml_tensor nasml_tensor_view(nasml_tensor tensor, const int64_t* shape, int64_t ndim) {
    NASML_TENSOR(tensor->view(nasml::dims(shape, ndim)));
}

NASML_API nasml_tensor nasml_tensor_slice(nasml_tensor tensor, int64_t dim, int64_t start, int64_t end, int64_t step) {
    NASML_TENSOR(tensor->slice(dim, start, end, step));
}

NASML_API nasml_tensor nasml_tensor_select(nasml_tensor tensor, int64_t dim, int64_t index) {
    NASML_TENSOR(tensor->select(dim, index));
}

NASML_API nasml_tensor nasml_tensor_cat(const nasml_tensor* tensors, int64_t count, int64_t dim) {
    NASML_TENSOR(torch::cat(nasml::tensor_list(tensors, count), dim));
}

NASML_API nasml_tensor nasml_tensor_stack(const nasml_tensor* tensors, int64_t count, int64_t dim) {
    NASML_TENSOR(torch::stack(nasml::tensor_list(tensors, count), dim));
}

NASML_API nasml_tensor nasml_tensor_index_select(nasml_tensor tensor, int64_t dim, nasml_tensor index) {
    NASML_TENSOR(tensor->index_select(dim, *index));
}

// ---- more views and indexing (added with the tensor-math work) ----

NASML_API nasml_tensor nasml_tensor_transpose(nasml_tensor tensor, int64_t dim0, int64_t dim1) {
    NASML_TENSOR(tensor->transpose(dim0, dim1));
}

NASML_API nasml_tensor nasml_tensor_permute(nasml_tensor tensor, const int64_t* dims, int64_t ndims) {
    NASML_TENSOR(tensor->permute(nasml::dims(dims, ndims)));
}

NASML_API nasml_tensor nasml_tensor_unsqueeze(nasml_tensor tensor, int64_t dim) {
    NASML_TENSOR(tensor->unsqueeze(dim));
}

// Removes every size-1 dimension.
NASML_API nasml_tensor nasml_tensor_squeeze(nasml_tensor tensor) { NASML_TENSOR(tensor->squeeze()); }

// Removes dimension dim if its size is 1 (otherwise returns the same shape).
NASML_API nasml_tensor nasml_tensor_squeeze_dim(nasml_tensor tensor, int64_t dim) {
    NASML_TENSOR(tensor->squeeze(dim));
}

NASML_API nasml_tensor nasml_tensor_expand(nasml_tensor tensor, const int64_t* shape, int64_t ndim) {
    NASML_TENSOR(tensor->expand(nasml::dims(shape, ndim)));
}

NASML_API nasml_tensor nasml_tensor_repeat(nasml_tensor tensor, const int64_t* repeats, int64_t ndim) {
    NASML_TENSOR(tensor->repeat(nasml::dims(repeats, ndim)));
}

NASML_API nasml_tensor nasml_tensor_narrow(nasml_tensor tensor, int64_t dim, int64_t start, int64_t length) {
    NASML_TENSOR(tensor->narrow(dim, start, length));
}

NASML_API nasml_tensor nasml_tensor_gather(nasml_tensor tensor, int64_t dim, nasml_tensor index) {
    NASML_TENSOR(tensor->gather(dim, *index));
}

// Out of place: a copy of tensor with source's entries written at index along dim.
NASML_API nasml_tensor nasml_tensor_scatter(nasml_tensor tensor, int64_t dim, nasml_tensor index,
                                            nasml_tensor source) {
    NASML_TENSOR(tensor->scatter(dim, *index, *source));
}

NASML_API nasml_tensor nasml_tensor_masked_fill(nasml_tensor tensor, nasml_tensor mask, double value) {
    NASML_TENSOR(tensor->masked_fill(*mask, value));
}

// num_classes < 0: one more than the largest index.
NASML_API nasml_tensor nasml_tensor_one_hot(nasml_tensor tensor, int64_t num_classes) {
    NASML_TENSOR(at::one_hot(*tensor, num_classes));
}
