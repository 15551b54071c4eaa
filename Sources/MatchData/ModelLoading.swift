public import Foundation
public import MatchCore

extension MatchModel {
    /// Loads the model from Apparier's resource folder: the ROME referential and the communes from
    /// `data/`, the skill embedding and the scoring policy from `models/`, and an optional real travel-time
    /// matrix (`from,to,mode,minutes` CSV). `root` defaults to ``ResourceLocator/root(environment:)``.
    ///
    ///     let model = try MatchModel.load()
    ///     let matcher = try model.matcher(candidates: pool, referenceDate: Day("2026-11-23")!)
    public static func load(root: URL? = nil, travelMatrix: URL? = nil) throws -> MatchModel {
        let root = try root ?? ResourceLocator.root()
        let data = root.appending(path: "data"), models = root.appending(path: "models")
        let rome = try ReferentialLoader.loadRome(from: data)
        let communes = try ReferentialLoader.loadCommunes(from: data)
        let embedding = try ModelStore.loadEmbedding(at: models.appending(path: ModelStore.embeddingFileName))
        let policy = try ModelStore.loadPolicy(at: models.appending(path: ModelStore.policyFileName))
        let matrix = try travelMatrix.map { try ReferentialLoader.loadTravelMatrix(from: $0, communes: communes) }
        return try MatchModel(rome: rome, communes: communes, embedding: embedding, policy: policy,
                              travel: TravelTimes(matrix: matrix ?? TravelMatrix()))
    }

    /// The versions a report names: embedding, policy and the reference date of the priority publics.
    public func modelVersions(referenceDate: Day) -> ShortlistReport.Model {
        .init(embedding: embedding.version, policy: policy.version, referenceDate: referenceDate.description)
    }
}

extension ShortlistReport {
    /// The report of `list`, a shortlist of `offer` made by `model` with priority publics judged on
    /// `referenceDate`: what `apparier shortlist` prints and the service answers.
    ///
    ///     let report = ShortlistReport(list, offer: offer, model: model, referenceDate: day)
    public init(_ list: Shortlist, offer: JobOffer, model: MatchModel, referenceDate: Day) {
        let rome = model.rome
        self.init(list, offerTitle: offer.title, model: model.modelVersions(referenceDate: referenceDate),
                  ficheLabel: { rome.ficheIndex[$0].map { rome.fiches[Int($0)].label } })
    }
}
