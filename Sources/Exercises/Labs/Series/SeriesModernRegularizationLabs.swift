import Autograd

/// "Learn the Training Loop with PyTorch", Part 3.7: Modern Regularization and
/// Generalization Techniques. Training images augmented (turned by up to 10 degrees,
/// mirrored half the time), a network with `BatchNorm1d` or `LayerNorm` after its first
/// layer, early stopping on the validation loss. The post's programs load MNIST and
/// torchvision's transforms; the labs, and the PyTorch runs they match
/// (`Fixtures/series/programs/modern_N.py`), use scikit-learn's 8 × 8 digits and an
/// augmentation written with tensor operations (``SeriesDigits/augment(_:)``), seeded with
/// `manual_seed(0)`. The first three programs only define these pieces and print the device.
enum SeriesModernRegularizationLabs {
    static let labs: [Lab] = [
        lab("demo1", "the augmentation of the training images") { _, _ in },
        lab("demo2", "and a network normalized by BatchNorm1d or LayerNorm") { _, _ in },
        lab("demo3", "and early stopping") { _, _ in },
        lab("demo4", "BatchNorm1d, then LayerNorm, on augmented digits with early stopping") { _, out in
            let (_, trainLoader, valLoader) = try loaders()
            try train(normalizedNetwork(BatchNorm1d(128)), trainLoader, valLoader, out)
            try train(normalizedNetwork(LayerNorm([128])), trainLoader, valLoader, out)
        },
        lab("demo5", "and eight augmented training images drawn with their labels") { plots, out in
            let (training, trainLoader, valLoader) = try loaders()
            try train(normalizedNetwork(BatchNorm1d(128)), trainLoader, valLoader, out)
            try train(normalizedNetwork(LayerNorm([128])), trainLoader, valLoader, out)
            var batches = try DataLoader(training, batchSize: 8, shuffle: true).batches()
            let batch = try batches.next()!
            for i in 0..<8 { plots.imshow(try batch[0].select(0, i).select(0, 0).toArray()) }
            out.print("Labels drawn: " + (try SeriesDigits.listText(batch[1])))
        },
    ]

    static func lab(_ program: String, _ title: String, _ body: @escaping @Sendable (inout SeriesPlots, Transcript) throws -> Void) -> Lab {
        Lab(
            id: "series.3.7.modern-regularization.\(program)",
            title: "Part 3.7, \(title) (adapted: scikit-learn's 8 × 8 digits in place of MNIST; seeded)",
            article: .trainingLoopSeries
        ) { out in
            manualSeed(0)
            out.print("Using device: cpu")
            var plots = SeriesPlots()
            try body(&plots, out)
            return plots.values
        }
    }

    /// The augmented training set, its shuffling loader (batches of 64) and the validation
    /// loader (batches of 256).
    static func loaders() throws -> (DigitsDataset, DataLoader, DataLoader) {
        let (training, validation) = try SeriesDigits.trainingAndValidation(transform: SeriesDigits.augment)
        return (training, try DataLoader(training, batchSize: 64, shuffle: true), try DataLoader(validation, batchSize: 256))
    }

    /// The post's `MLPWithNormalization`: flatten, 64 → 128, `norm`, ReLU, 128 → 10.
    static func normalizedNetwork(_ norm: @autoclosure () throws -> any Module) throws -> Sequential {
        let first = try Linear(64, 128)
        return Sequential(Flatten(), first, try norm(), ReLU(), try Linear(128, 10))
    }

    /// Adam (lr 1e-3) for up to 30 epochs, each ending with the validation loss (the mean of
    /// the batches' mean losses) and accuracy, stopping once the loss has not improved for
    /// 5 epochs in a row.
    static func train(_ model: Sequential, _ trainLoader: DataLoader, _ valLoader: DataLoader, _ out: Transcript) throws {
        let optimizer = try Adam(model.parameters(), lr: 1e-3)
        var (best, waited) = (Double?.none, 0)
        for epoch in 1...30 {
            model.train()
            for batch in try trainLoader.epoch() {
                optimizer.zeroGrad()
                try CrossEntropyLoss()(model(batch[0]), batch[1]).backward()
                try optimizer.step()
            }
            model.eval()
            var (valLoss, correct, total, batches) = (0.0, 0, 0, 0)
            try noGrad {
                for batch in try valLoader.epoch() {
                    let outputs = try model(batch[0])
                    valLoss += try CrossEntropyLoss()(outputs, batch[1]).item()
                    correct += try Int((outputs.argmax(dim: 1) == batch[1]).sum().item())
                    total += batch[1].shape[0]
                    batches += 1
                }
            }
            valLoss /= Double(batches)
            out.print("Epoch \(epoch): val_loss=\(Py.f(valLoss, 4)), val_acc=\(Py.f(Double(correct) / Double(total), 4))")
            if let previous = best, valLoss >= previous { waited += 1 } else { (best, waited) = (valLoss, 0) }
            if waited >= 5 {
                out.print("No improvement after 5 epochs. Stopping early.")
                break
            }
        }
    }
}
