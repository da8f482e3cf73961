import Foundation
import Testing

@testable import Autograd

/// One tensor and the repr PyTorch printed for it (Fixtures/printing/printing-cases.json).
struct PrintingCase: Decodable, Sendable, CustomTestStringConvertible {
    let name: String
    let shape: [Int]
    let dtype: String
    let values: [NumberOrSpecial]
    let requiresGrad: Bool
    let repr: String

    var testDescription: String { name }

    enum NumberOrSpecial: Decodable, Sendable {
        case value(Double)
        init(from decoder: Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let x = try? container.decode(Double.self) {
                self = .value(x)
                return
            }
            switch try container.decode(String.self) {
            case "nan": self = .value(.nan)
            case "inf": self = .value(.infinity)
            default: self = .value(-.infinity)
            }
        }
        var double: Double {
            if case .value(let x) = self { return x }
            return 0
        }
    }

    func makeTensor() throws -> Tensor {
        let tensor = try Tensor.make(shape: shape, values: values.map(\.double), dtype: DType(rawValue: dtype)!)
        tensor.requiresGradFlag = requiresGrad
        return tensor
    }

    static let all: [PrintingCase] = {
        struct File: Decodable { let cases: [PrintingCase] }
        let data = try! Data(contentsOf: fixturesURL.appendingPathComponent("printing/printing-cases.json"))
        return try! JSONDecoder().decode(File.self, from: data).cases
    }()
}

@Suite("Printing matches PyTorch's repr")
struct PrintingTests {
    @Test("every generated case", arguments: PrintingCase.all)
    func generatedCase(_ example: PrintingCase) throws {
        #expect(try example.makeTensor().description == example.repr)
    }

    @Test func fixtureHasEnoughCases() throws {
        #expect(PrintingCase.all.count >= 90)
    }

    @Test func gradFnSuffixes() throws {
        let x = try Tensor.ones(2, 2, requiresGrad: true)
        let z = try (x + 2) * (x + 2) * 3
        #expect(z.description == "tensor([[27., 27.],\n        [27., 27.]], grad_fn=<MulBackward0>)")
        #expect(try z.mean().description == "tensor(27., grad_fn=<MeanBackward0>)")
        let w = Tensor([1.0, 2.0, 3.0], dtype: .float64, requiresGrad: true)
        #expect(try (w * 2).description == "tensor([2., 4., 6.], dtype=torch.float64, grad_fn=<MulBackward0>)")
    }

    @Test func pythonReprOfFloats() throws {
        #expect(NumberFormat.pythonRepr(16.0) == "16.0")
        #expect(NumberFormat.pythonRepr(-24.0) == "-24.0")
        #expect(NumberFormat.pythonRepr(Double(Float(4.4))) == "4.400000095367432")
        #expect(NumberFormat.pythonRepr(1e-05) == "1e-05")
        #expect(NumberFormat.pythonRepr(8.684516781244547e+18) == "8.684516781244547e+18")
        #expect(NumberFormat.pythonRepr(1e16) == "1e+16")
        #expect(NumberFormat.pythonRepr(123456.0) == "123456.0")
        #expect(NumberFormat.pythonRepr(0.0001) == "0.0001")
    }

    /// Python's f-strings print `nan` whatever the NaN's sign bit (`f"{-math.nan:.4f}"` is
    /// `nan`); C's printf prints `-nan` for the NaN that inf - inf gives on x86.
    @Test func formatsOfNaNHaveNoSign() throws {
        let negativeNaN = -Double.nan
        #expect(negativeNaN.sign == .minus)
        #expect(NumberFormat.fixed(negativeNaN, 4) == "nan")
        #expect(NumberFormat.scientific(negativeNaN, 2) == "nan")
        #expect(NumberFormat.general(negativeNaN, 6) == "nan")
        #expect(NumberFormat.fixed(-Double.infinity, 4) == "-inf")
    }
}
