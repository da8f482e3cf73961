import SolutionKit

/// Every graded exercise, in task order (the numbered list of Docs/Exercises.md).
///
/// Adding an exercise: a property with its stub in `Solutions` and a case in
/// `SolutionFunction` (SolutionKit), the domain of its arguments in `ArgumentDomain`, its
/// reference solution (`Sources/ReferenceSolutions`, one file per article or group of the
/// series' posts), its stub in the student's template, and one entry here (the series'
/// exercises are in `Catalog/Series`, one enum per post). Students' files written before it
/// keep compiling.
public enum ExerciseCatalog {
    /// Every graded exercise, in task order.
    public static let all: [GradedExercise] =
        [
            AutogradExercises.lab1, AutogradExercises.lab2, AutogradExercises.lab3, AutogradExercises.lab4,
            AutogradExercises.exercise1, AutogradExercises.exercise2, AutogradExercises.exercise3, AutogradExercises.exercise4,
            TrainingLoopExercises.exercise1, TrainingLoopExercises.exercise2, TrainingLoopExercises.exercise3,
            FundamentalsExercises.quadratic, FundamentalsExercises.detach, CustomOpExercises.square,
        ]
        + SeriesIntroductionExercises.all
        + SeriesBatchExercises.all
        + SeriesLandscapeExercises.all
        + SeriesGradientCheckExercises.all
        + BeyondLinearExercises.all
        + ForwardBackwardExercises.all
        + SineNetworkExercises.all
        + ActivationsExercises.all
        + MiniBatchExercises.all
        + RegularizationExercises.all
        + SeriesOptimizerExercises.all
        + SeriesScheduleExercises.all
        + InitializationExercises.all
        + DeeperNetworkExercises.all

    /// The exercise with `id`, if any.
    public static func exercise(_ id: String) -> GradedExercise? { all.first { $0.id == id } }
}

extension ExerciseCheck {
    /// A check that the answers (or their `part`) match the reference's, on the article's
    /// call first and then on calls drawn for this grading run.
    static func answers(
        _ name: String, points: Int, code: String, part: Int? = nil, what: String = "returned",
        calls: @escaping @Sendable (inout GradingDraw) -> [Call]
    ) -> ExerciseCheck {
        ExerciseCheck(name: name, points: points, code: code, calls: calls) { $0.compareAnswers(part: part, what: what) }
    }
}

extension Value {
    /// The number, when this is one.
    var number: Double? { if case .number(let x) = self { x } else { nil } }
    /// The list, when this is one.
    var list: [Double]? { if case .numbers(let xs) = self { xs } else { nil } }
}

extension Call {
    /// The argument at `index` as a number, list or whole number (0 or empty when absent).
    func number(_ index: Int) -> Double { arguments.indices.contains(index) ? arguments[index].number ?? 0 : 0 }
    func list(_ index: Int) -> [Double] { arguments.indices.contains(index) ? arguments[index].list ?? [] : [] }
    func integer(_ index: Int) -> Int {
        if arguments.indices.contains(index), case .integer(let n) = arguments[index] { return n }
        return 0
    }
}
