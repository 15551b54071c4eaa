import Foundation
import Testing

/// `apparier offers`: an offer's life in the store, as a user runs it.
@Suite("apparier offers")
struct OffersCLITests {
    @Test("list, show, close, reopen with an end day, expire, delete; errors name the nearest offer")
    func lifecycle() throws {
        let cli = try CLIRunner()
        _ = try StoreFixture.filled(cli)
        let list = try cli.run(["offers", "list", "--date", "2026-12-04"])
        #expect(list.status == 0, "\(list.stderr)")
        #expect(list.stdout.contains("LIL-C") && list.stdout.contains("Lille (59350)") && list.stdout.contains("ouverte"), "\(list.stdout)")
        #expect(list.stdout.contains("Conducteur / Conductrice de poids lourd (N4101)"), "\(list.stdout)")

        let closed = try cli.run(["offers", "close", "LIL-C", "--reason", "pourvue par l'employeur", "--by", "Amélie"])
        #expect(closed.status == 0 && closed.stdout.contains("clôturée le") && closed.stdout.contains("(pourvue par l'employeur)"), "\(closed.stdout)")
        let onlyClosed = try cli.run(["offers", "list", "--status", "cloturee", "--format", "json"])
        #expect((onlyClosed.json as? [[String: Any]])?.map { $0["id"] as? String } == ["LIL-C"], "\(onlyClosed.stdout)")
        let shortlist = try cli.run(["shortlist", "--offer", "LIL-C", "--date", "2026-11-23"])
        #expect(shortlist.status == 0 && shortlist.stderr.contains("Attention : l'offre LIL-C est clôturée"), "\(shortlist.stderr)")

        let reopened = try cli.run(["offers", "reopen", "LIL-C", "--until", "31/01/2027"])
        #expect(reopened.stdout.contains("rouverte jusqu'au 31/01/2027 inclus"), "\(reopened.stdout)")
        let open = try cli.run(["offers", "list", "--status", "ouverte", "--date", "2027-01-31", "--format", "csv"])
        #expect(open.stdout.hasPrefix("\u{FEFF}offre;intitulé;") && open.stdout.contains("LIL-C;"), "\(open.stdout)")
        let expired = try cli.run(["offers", "show", "LIL-C", "--date", "2027-02-01"])
        #expect(expired.stdout.contains("expirée le 31/01/2027"), "\(expired.stdout)")
        #expect(expired.stdout.contains("C - Poids lourd (exigé)"), "\(expired.stdout)")
        let csv = try cli.run(["offers", "show", "LIL-C", "--format", "csv"])
        #expect(csv.status == 64 && csv.stdout.isEmpty && csv.stderr.hasPrefix("Erreur : la valeur « csv » est invalide pour « --format <valeur> » ; valeurs possibles : « table » ou « json »."), "\(csv.stderr)")

        let typo = try cli.run(["offers", "close", "LIL-X"])
        #expect(typo.status == 1 && typo.stderr.contains("Erreur : ") && typo.stderr.contains("vouliez-vous dire « LIL-C »"), "\(typo.stderr)")
        let deleted = try cli.run(["offers", "delete", "LIL-C"])
        #expect(deleted.status == 0, "\(deleted.stderr)")
        #expect(try StoreFixture.rows(cli, "offer") == 0)
        let none = try cli.run(["offers", "list"])
        #expect(none.stdout.contains("Aucune offre"), "\(none.stdout)")
    }
}
