import Foundation
import GRDB
public import MatchCore

/// An offer's life in the store: open, closed by hand (`apparier offers close`), or past its expiry day.
/// The desk's own follow-up (filled, cancelled) closes it too. The batch takes open offers only.
extension Store {
    /// The offers' states, in the order they were stored; `filter` keeps one kind on `day`.
    ///
    ///     try store.offerStates(filter: .open, on: Day("2026-12-04")!)   // the offers a batch would take
    public func offerStates(filter: OfferStatus? = nil, on day: Day) throws -> [OfferState] {
        try writer.read { db in
            try Row.fetchAll(db, sql: OfferState.query + " ORDER BY o.offerKey").map(OfferState.init(row:))
                .filter { filter == nil || $0.status(on: day) == filter }
        }
    }

    /// The state of offer `id`, nil when no such offer is stored.
    public func offerState(id: String) throws -> OfferState? {
        try writer.read { db in try Row.fetchOne(db, sql: OfferState.query + " WHERE o.id = ?", arguments: [id]).map(OfferState.init(row:)) }
    }

    /// The offers open on `day` (not closed, not expired, not filled or cancelled on the desk).
    public func openOffers(on day: Day) throws -> [JobOffer] {
        let open = Set(try offerStates(filter: .open, on: day).map(\.id))
        return try offers().filter { open.contains($0.id) }
    }

    /// Closes offer `id` now, or with `on` sets the last day it stays open (its expiry).
    @discardableResult
    public func closeOffer(id: String, reason: String?, expiresOn day: Day? = nil, by actor: String) throws -> OfferState {
        try changeOffer(id: id, actor: actor, action: day == nil ? "offer.close" : "offer.expiry",
                        detail: ["reason": reason ?? "", "expiresOn": day?.description ?? ""]) { db in
            if let day {
                try db.execute(sql: "UPDATE offer SET expiresOn = ? WHERE id = ?", arguments: [day.description, id])
            } else {
                try db.execute(sql: "UPDATE offer SET status = 'cloturee', closedAt = ?, closedBy = ?, closeReason = ? WHERE id = ?",
                               arguments: [timestamp, actor, reason, id])
            }
        }
    }

    /// Reopens offer `id`: no closure, and no expiry unless `until` gives a new last day.
    @discardableResult
    public func reopenOffer(id: String, until day: Day?, by actor: String) throws -> OfferState {
        try changeOffer(id: id, actor: actor, action: "offer.reopen", detail: ["expiresOn": day?.description ?? ""]) { db in
            try db.execute(sql: "UPDATE offer SET status = 'ouverte', closedAt = NULL, closedBy = NULL, closeReason = NULL, expiresOn = ? WHERE id = ?",
                           arguments: [day?.description, id])
        }
    }

    /// Deletes offer `id` with its lists and vector. Refused while the desk holds proposals made to its
    /// employer (they are the platform's activity record): close it instead. Saved shortlists keep what
    /// was sent.
    public func deleteOffer(id: String, by actor: String) throws {
        try writer.write { db in
            guard try Bool.fetchOne(db, sql: "SELECT 1 FROM offer WHERE id = ?", arguments: [id]) != nil else {
                throw MatchError.store(path: path, try Store.unknownOfferMessage(db, id))
            }
            let proposals = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM proposal WHERE offerId = ?", arguments: [id]) ?? 0
            guard proposals == 0 else {
                throw MatchError.store(path: path, "l'offre « \(id) » a \(proposals) proposition\(proposals > 1 ? "s" : "") suivie\(proposals > 1 ? "s" : "") sur le bureau : elle ne peut pas être supprimée ; clôturez-la (apparier offers close \(id))")
            }
            try db.execute(sql: "DELETE FROM deskOffer WHERE offerId = ?", arguments: [id])
            try db.execute(sql: "DELETE FROM offer WHERE id = ?", arguments: [id])
            try log(db, actor: actor, action: "offer.delete", subject: ("offer", id))
        }
    }

    private func changeOffer(id: String, actor: String, action: String, detail: [String: Any],
                             _ change: (Database) throws -> Void) throws -> OfferState {
        try writer.write { db in
            try change(db)
            guard db.changesCount == 1 else { throw MatchError.store(path: path, try Store.unknownOfferMessage(db, id)) }
            try log(db, actor: actor, action: action, subject: ("offer", id), detail: detail)
            return try Row.fetchOne(db, sql: OfferState.query + " WHERE o.id = ?", arguments: [id]).map(OfferState.init(row:))!
        }
    }

    /// « aucune offre « X » dans le magasin », with the nearest stored ids when some are close.
    public func unknownOfferMessage(_ id: String) throws -> String {
        try writer.read { db in try Store.unknownOfferMessage(db, id) }
    }

    static func unknownOfferMessage(_ db: Database, _ id: String) throws -> String {
        let ids = try String.fetchAll(db, sql: "SELECT id FROM offer")
        let typed = Array(id.uppercased().utf8)
        var near: [(id: String, distance: Int)] = []
        for other in ids {
            if let distance = EditDistance.bounded(typed, Array(other.uppercased().utf8), limit: 3) { near.append((other, distance)) }
        }
        near.sort { $0.distance != $1.distance ? $0.distance < $1.distance : $0.id < $1.id }
        let names: [String] = near.prefix(3).map { "« \($0.id) »" }
        let hint = names.isEmpty ? "" : " ; vouliez-vous dire \(names.joined(separator: ", ")) ?"
        return "aucune offre « \(id) » dans le magasin" + hint
    }
}

/// Where an offer stands on a given day.
public enum OfferStatus: String, Codable, Sendable, CaseIterable {
    case open = "ouverte", closed = "cloturee", expired = "expiree"

    /// In French, for people.
    public var label: String {
        switch self {
        case .open: "ouverte"
        case .closed: "clôturée"
        case .expired: "expirée"
        }
    }
}

/// An offer as its lifecycle sees it: enough to list it and say where it stands.
public struct OfferState: Codable, Sendable, Hashable {
    public var id: String
    public var title: String?
    public var romeCode: String
    public var commune: String?
    public var positions: Int
    public var createdOn: String?
    public var storedAt: String
    /// `ouverte` or `cloturee`, as recorded; ``status(on:)`` adds the expiry and the desk.
    public var recordedStatus: String
    public var expiresOn: Day?
    public var closedAt: String?
    public var closedBy: String?
    public var closeReason: String?
    /// The desk's status when the offer was entered on the desk (`ouverte`, `pourvue`, `annulee`).
    public var deskStatus: DeskOfferStatus?

    /// Open, closed (by hand, or filled or cancelled on the desk) or expired (its last day is before `day`).
    public func status(on day: Day) -> OfferStatus {
        if recordedStatus == OfferStatus.closed.rawValue || (deskStatus.map { $0 != .open } ?? false) { return .closed }
        if let expiresOn, expiresOn < day { return .expired }
        return .open
    }

    static let query = """
        SELECT o.id, o.intitule, o.romeCode, o.lieuCommune, o.nombrePostes, o.dateCreation, o.createdAt, o.status, o.expiresOn,
               o.closedAt, o.closedBy, o.closeReason, d.status AS deskStatus
        FROM offer o LEFT JOIN deskOffer d ON d.offerId = o.id
        """

    init(row: Row) {
        id = row["id"]; title = row["intitule"]; romeCode = row["romeCode"]; commune = row["lieuCommune"]
        positions = row["nombrePostes"]; createdOn = row["dateCreation"]; storedAt = row["createdAt"]
        recordedStatus = row["status"]; expiresOn = (row["expiresOn"] as String?).flatMap { Day($0) }
        closedAt = row["closedAt"]; closedBy = row["closedBy"]; closeReason = row["closeReason"]
        deskStatus = (row["deskStatus"] as String?).flatMap(DeskOfferStatus.init(rawValue:))
    }
}
