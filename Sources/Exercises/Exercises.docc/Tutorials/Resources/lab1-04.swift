import Autograd

let w = Tensor(2.0, requiresGrad: true)
let loss = try (w * 3 - 10) ** 2
let (_, recording) = try BackwardRecorder.record { try loss.backward() }
print(recording.traces[0])
// backward from tensor(16., grad_fn=<PowBackward0>)
// [1] PowBackward0
//     gradient in: tensor(1.)
//     local derivative, input 0: tensor(-8.)
//     passes to SubBackward0: tensor(-8.)
// [2] SubBackward0
//     gradient in: tensor(-8.)
//     local derivative, input 0: tensor(1.)
//     passes to MulBackward0: tensor(-8.)
// [3] MulBackward0
//     gradient in: tensor(-8.)
//     local derivative, input 0: tensor(3.)
//     passes to AccumulateGrad: tensor(-24.)
// [4] AccumulateGrad (leaf of shape [])
//     gradient in: tensor(-24.)
//     .grad is now tensor(-24.)
