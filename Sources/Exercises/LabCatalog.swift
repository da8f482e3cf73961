/// Every lab GradLab has, in article order.
public enum LabCatalog {
    /// All labs.
    public static let all: [Lab] =
        FundamentalsLabs.labs + AutogradLabs.labs + TrainingLoopLabs.labs + [TrainingLoopLabs.why] + BasicsLabs.labs + AutogradPackageLabs.labs
        + SeriesIntroductionLabs.labs + SeriesLinearRegressionLabs.labs + SeriesBatchLabs.labs + SeriesLandscapeLabs.labs + SeriesGradientCheckLabs.labs
        + SeriesForwardBackwardLabs.labs + SeriesSineNetworkLabs.labs + SeriesActivationLabs.labs + SeriesDatasetLabs.labs + SeriesRegularizationLabs.labs
        + SeriesBeyondLinearLabs.labs + SeriesOptimizerLabs.labs + SeriesScheduleLabs.labs + SeriesInitializationLabs.labs + SeriesDeeperNetworkLabs.labs
        + SeriesDataParallelLabs.labs + SeriesMonitoringLabs.labs + SeriesModernRegularizationLabs.labs

    /// The lab with `id`, if any.
    public static func lab(_ id: String) -> Lab? { all.first { $0.id == id } }
}
