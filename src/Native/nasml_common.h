// Shared conventions of the NasML native shim.
//
// Error convention: every exported function catches c10::Error, std::exception and everything else, stores the
// message (without libtorch's backtrace) in a thread-local slot and returns a failure value: nullptr for functions
// returning a handle, -1 for functions returning a status. The managed side reads the message with
// nasml_error_get and throws. No C++ exception ever crosses into .NET.
//
// Handles: a tensor handle is a heap-allocated at::Tensor owned by exactly one managed Tensor. Signatures are
// blittable only: pointers, fixed-size integers and doubles (booleans travel as int32).
#pragma once

#include <torch/torch.h>

#include <cstdint>
#include <string>

#define NASML_API extern "C" __attribute__((visibility("default")))

using nasml_tensor = at::Tensor*;

namespace nasml {

void set_error(const char* message);

// Moves a tensor into a new owned handle and counts it as live.
nasml_tensor wrap(at::Tensor&& tensor);
inline nasml_tensor wrap(const at::Tensor& tensor) { return wrap(at::Tensor(tensor)); }

// Reads an int64 array of length n as an IntArrayRef.
inline c10::IntArrayRef dims(const int64_t* values, int64_t n) { return c10::IntArrayRef(values, static_cast<size_t>(n)); }

// Builds a vector of tensors from an array of handles.
std::vector<at::Tensor> tensor_list(const nasml_tensor* handles, int64_t n);

}  // namespace nasml

#define NASML_CATCH(failure_value)                              \
    catch (const c10::Error& error) {                           \
        nasml::set_error(error.what_without_backtrace());       \
        return failure_value;                                   \
    }                                                           \
    catch (const std::exception& error) {                       \
        nasml::set_error(error.what());                         \
        return failure_value;                                   \
    }                                                           \
    catch (...) {                                               \
        nasml::set_error("unknown native error in nasml shim"); \
        return failure_value;                                   \
    }

// Body of a function returning a new tensor handle: NASML_TENSOR(at::relu(*x));
#define NASML_TENSOR(expression)             \
    try {                                    \
        return nasml::wrap(expression);      \
    }                                        \
    NASML_CATCH(nullptr)

// Body of a function returning a status (0 ok, -1 error): NASML_STATUS(x->zero_());
#define NASML_STATUS(statements) \
    try {                        \
        statements;              \
        return 0;                \
    }                            \
    NASML_CATCH(-1)
