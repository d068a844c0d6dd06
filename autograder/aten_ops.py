"""The aten operators (as torch.ops.aten names them) whose kernels compute what a from-scratch
item refuses, by what they compute. The catalogue's refusals name them; the worker's tripwire
refuses them at run time whatever reached the kernel, and the static check looks for their names."""

SIGMOID = ("sigmoid", "sigmoid_", "_foreach_sigmoid", "_foreach_sigmoid_", "log_sigmoid_forward", "glu", "silu",
           "silu_", "softplus")
# A softmax, which with two classes is a sigmoid too.
SOFTMAX = ("_softmax", "_log_softmax", "_safe_softmax", "_masked_softmax", "_sparse_softmax", "_sparse_log_softmax",
           "_nested_tensor_softmax_with_shape")
# Attention: a softmax of matrix products.
ATTENTION = (
    "_scaled_dot_product_flash_attention_for_cpu", "_scaled_dot_product_flash_attention",
    "_scaled_dot_product_efficient_attention", "_scaled_dot_product_cudnn_attention",
    "_scaled_dot_product_fused_attention_overrideable", "_scaled_dot_product_attention_math",
    "_scaled_dot_product_attention_math_for_mps", "_efficient_attention_forward", "_flash_attention_forward",
    "_cudnn_attention_forward", "_native_multi_head_attention", "_triton_multi_head_attention",
    "_triton_scaled_dot_attention",
)
# Matrix products, and what computes one inside: linear layers, distances, embedding bags, convolutions.
MATMUL = (
    "mm", "bmm", "addmm", "addmm_", "addbmm", "addbmm_", "baddbmm", "baddbmm_", "mv", "addmv", "addmv_", "dot",
    "vdot", "_addmm_activation", "_int_mm", "_scaled_mm", "_scaled_mm_v2", "_grouped_mm", "_scaled_grouped_mm",
    "_scaled_grouped_mm_v2", "_foreach_mm", "_sparse_mm", "_sparse_addmm", "sspaddmm", "hspmm", "smm",
    "_sparse_sparse_matmul", "sparse_sampled_addmm", "_sparse_mm_reduce_impl", "_sparse_semi_structured_mm",
    "_sparse_semi_structured_addmm", "_sparse_semi_structured_linear", "_cslt_sparse_mm", "_mixed_dtypes_linear",
    "_weight_int8pack_mm", "_weight_int4pack_mm", "_weight_int4pack_mm_for_cpu",
    "_weight_int4pack_mm_with_scales_and_zeros", "_dyn_quant_matmul_4bit", "fbgemm_linear_fp16_weight",
    "fbgemm_linear_fp16_weight_fp32_activation", "fbgemm_linear_int8_weight",
    "fbgemm_linear_int8_weight_fp32_activation", "mkldnn_linear", "linear_backward", "mkldnn_linear_backward",
    "mkldnn_linear_backward_input", "mkldnn_linear_backward_weights", "matmul_backward", "_trilinear",
    "_compute_linear_combination", "_cdist_forward", "_embedding_bag", "_embedding_bag_forward_only",
    "convolution", "_convolution", "convolution_overrideable", "convolution_backward",
    "convolution_backward_overrideable", "conv_tbc", "conv_tbc_backward", "_conv_depthwise2d", "conv_depthwise3d",
    "_slow_conv2d_forward", "_slow_conv2d_backward", "thnn_conv2d", "slow_conv3d", "slow_conv3d_forward",
    "slow_conv_dilated2d", "slow_conv_dilated3d", "slow_conv_transpose2d", "slow_conv_transpose3d",
    "mkldnn_convolution", "cudnn_convolution", "cudnn_convolution_transpose", "cudnn_convolution_relu",
    "cudnn_convolution_add_relu", "miopen_convolution", "miopen_convolution_transpose",
    "miopen_depthwise_convolution", "miopen_convolution_relu", "miopen_convolution_add_relu",
    "_nnpack_spatial_convolution", "_mps_convolution", "_mps_convolution_transpose", "linalg_vecdot",
)
# Solves, inverses and the triangular factorizations, whose LAPACK kernels multiply matrices inside:
# the system [[I, -a], [0, I]] x = [[0], [b]] solves to x = [[a @ b], [b]], the inverse of
# [[I, a, 0], [0, I, b], [0, 0, I]] holds a @ b, and an LU factorization's Schur complement is one.
LINEAR_SOLVES = (
    "_linalg_solve_ex", "linalg_solve_triangular", "triangular_solve", "linalg_lu_solve", "_cholesky_solve_helper",
    "linalg_ldl_solve", "linalg_lstsq", "linalg_inv_ex", "cholesky_inverse", "linalg_lu_factor_ex", "linalg_lu",
    "linalg_ldl_factor_ex", "linalg_cholesky_ex", "geqrf", "linalg_qr", "ormqr", "linalg_householder_product",
)
# A ReLU, its relatives that keep part of the input and zero or scale the rest, and the kernels
# that fuse one in.
RELU = (
    "relu", "relu_", "_add_relu", "_add_relu_", "threshold", "threshold_", "threshold_backward", "hardtanh",
    "hardtanh_", "hardtanh_backward", "leaky_relu", "leaky_relu_", "leaky_relu_backward", "elu", "elu_",
    "elu_backward", "celu", "celu_", "_prelu_kernel", "_prelu_kernel_backward", "rrelu_with_noise",
    "rrelu_with_noise_", "rrelu_with_noise_functional", "rrelu_with_noise_backward", "cudnn_convolution_relu",
    "cudnn_convolution_add_relu", "miopen_convolution_relu", "miopen_convolution_add_relu",
    "quantized_rnn_relu_cell",
)
# The negative log-likelihood, and the KL divergence, which to one-hot targets is the same.
NLL = ("nll_loss_forward", "nll_loss2d_forward", "kl_div")
# Losses of logits that compute a log-sigmoid inside: each one's value at a target of 1 is -log(sigmoid(x)).
LOGISTIC_LOSSES = ("binary_cross_entropy_with_logits", "soft_margin_loss")
BINARY_CROSS_ENTROPY = ("binary_cross_entropy", *LOGISTIC_LOSSES)
# Cross-entropy of logits, which with the two classes [0, x] is binary cross-entropy.
CROSS_ENTROPY = ("cross_entropy_loss",)
