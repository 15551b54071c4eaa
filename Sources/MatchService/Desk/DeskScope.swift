import Foundation
import Synchronization
import MatchCore
import MatchStore

/// What an account may see on the desk (docs/desk.md, « Qui voit quoi »):
/// - the offers of its platform: those entered on the desk by the platform, and the offers imported
///   otherwise (files, API) whose workplace is a commune of the platform's territory (read-only there);
/// - the candidates living in the territory, or whose own travel limit reaches one of its communes, or
///   already proposed to one of the platform's offers.
/// Anything else answers 404, as if it did not exist. The rule is the same for every role.
struct DeskScope: Sendable {
    let platform: DeskPlatform
    /// INSEE codes of the communes of the platform's EPCI.
    let communes: Set<String>

    init(platform: DeskPlatform, model: MatchModel) {
        self.platform = platform
        let epci = Set(platform.epci)
        communes = Set(model.communes.communes.filter { $0.epci.map(epci.contains) ?? false }.map(\.code))
    }

    /// Whether `offer` belongs to this platform (`desk`: its desk record, if any).
    func owns(_ offer: JobOffer, desk: DeskOffer?) -> Bool {
        if let desk { return desk.platformId == platform.id }
        return offer.workplace.commune.map(communes.contains) ?? false
    }

    /// Whether `candidate` is within the territory: living there, or able to reach one of its communes within
    /// their own limit by one of their modes (the engine's travel estimate).
    func reaches(_ candidate: Candidate, model: MatchModel) -> Bool {
        if communes.contains(candidate.commune) { return true }
        guard let home = model.communes[candidate.commune] else { return false }
        let limit = Double(candidate.mobility.maxMinutes)
        return communes.contains { code in
            guard let place = model.communes[code] else { return false }
            return candidate.mobility.modes.contains { model.travel.minutes(from: home, to: place, mode: $0) <= limit }
        }
    }
}

/// The scopes of the platforms, made once each (a platform's territory does not change while the service runs).
final class DeskScopes: Sendable {
    private let made = Mutex<[String: DeskScope]>([:])
    let store: Store
    let model: MatchModel

    init(store: Store, model: MatchModel) { self.store = store; self.model = model }

    func scope(of account: DeskAccount) throws -> DeskScope {
        if let scope = made.withLock({ $0[account.platformId] }) { return scope }
        guard let platform = try store.platform(id: account.platformId) else {
            throw DeskError.forbidden("Votre compte n'est rattaché à aucune plateforme connue.")
        }
        let scope = DeskScope(platform: platform, model: model)
        made.withLock { $0[account.platformId] = scope }
        return scope
    }
}
