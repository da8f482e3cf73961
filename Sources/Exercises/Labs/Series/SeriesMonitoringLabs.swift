import Autograd

/// "Learn the Training Loop with PyTorch", Part 3.6: Monitoring and Debugging the Training
/// Loop. A 64-128-10 network trained by Adam for 8 epochs, with the training and validation
/// loss and accuracy of every epoch printed and drawn. The post's program loads MNIST; the
/// lab, and the PyTorch run it matches (`Fixtures/series/programs/monitoring.py`), use
/// scikit-learn's 8 × 8 digits instead (``SeriesDigits``), seeded with `manual_seed(0)`.
enum SeriesMonitoringLabs {
    static let labs: [Lab] = [
        Lab(
            id: "series.3.6.monitoring.demo1",
            title: "Part 3.6, training and validation loss and accuracy per epoch (adapted: scikit-learn's 8 × 8 digits in place of MNIST; seeded)",
            article: .trainingLoopSeries
        ) { out in
            manualSeed(0)
            var plots = SeriesPlots()
            try train(out, &plots)
            return plots.values
        }
    ]

    static func train(_ out: Transcript, _ plots: inout SeriesPlots) throws {
        let (training, validation) = try SeriesDigits.trainingAndValidation()
        let trainLoader = try DataLoader(training, batchSize: 64, shuffle: true)
        let valLoader = try DataLoader(validation, batchSize: 256)
        let model = Sequential(Flatten(), try Linear(64, 128), ReLU(), try Linear(128, 10))
        let optimizer = try Adam(model.parameters(), lr: 0.001)
        var curves: [[Double]] = [[], [], [], []]
        for epoch in 1...8 {
            model.train()
            var (running, correct, total) = (0.0, 0, 0)
            for batch in try trainLoader.epoch() {
                optimizer.zeroGrad()
                let outputs = try model(batch[0])
                let loss = try CrossEntropyLoss()(outputs, batch[1])
                try loss.backward()
                try optimizer.step()
                running += try loss.item() * Double(batch[0].shape[0])
                correct += try Int((outputs.argmax(dim: 1) == batch[1]).sum().item())
                total += batch[1].shape[0]
            }
            model.eval()
            var (valLoss, seen) = (0.0, 0)
            try noGrad {
                for batch in try valLoader.epoch() {
                    valLoss += try CrossEntropyLoss()(model(batch[0]), batch[1]).item() * Double(batch[0].shape[0])
                    seen += batch[0].shape[0]
                }
            }
            let valAccuracy = try accuracy(model, valLoader)
            let row = [running / Double(total), Double(correct) / Double(total), valLoss / Double(seen), valAccuracy]
            for (index, value) in row.enumerated() { curves[index].append(value) }
            out.print(
                "Epoch \(epoch): Train Loss=\(Py.f(row[0], 4)), Train Acc=\(Py.f(row[1], 4)), Val Loss=\(Py.f(row[2], 4)), Val Acc=\(Py.f(row[3], 4))")
        }
        plots.plot(curves[0], label: "Train Loss")
        plots.plot(curves[2], label: "Validation Loss")
        plots.plot(curves[1], label: "Train Acc")
        plots.plot(curves[3], label: "Val Acc")
    }

    /// The share of `loader`'s samples whose largest output is their label.
    static func accuracy(_ model: Sequential, _ loader: DataLoader) throws -> Double {
        model.eval()
        var (correct, total) = (0, 0)
        try noGrad {
            for batch in try loader.epoch() {
                correct += try Int((model(batch[0]).argmax(dim: 1) == batch[1]).sum().item())
                total += batch[1].shape[0]
            }
        }
        return Double(correct) / Double(total)
    }
}
