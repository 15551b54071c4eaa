import Foundation
import MatchCore
@testable import MatchData
import Testing

@Suite("The table printer and French formats")
struct TextTableTests {
    @Test("Columns as wide as their widest cell; ids never cut; a capped free-text column ends with …; numbers right-aligned")
    func table() {
        var table = TextTable(["n°", "offre", "intitulé"], alignments: [.right], maxWidths: [2: 10])
        table.append(["1", "ARRAS-BOULANGERIE-0001", "Vendeuse en boulangerie"])
        table.append(["12", "B"])
        #expect(table.text == """
        n°  offre                   intitulé
         1  ARRAS-BOULANGERIE-0001  Vendeuse …
        12  B

        """)
        var card = TextTable(["", ""], showsHeaders: false)
        card.append(["offre", "X"])
        #expect(card.text == "offre  X\n")
    }

    @Test("French numbers, percentages, scores on 100 and dates")
    func french() {
        #expect(French.number(1234.5, digits: 1).filter { !$0.isWhitespace } == "1234,5")
        #expect(French.number(1234.5, digits: 1).unicodeScalars.contains { $0.properties.isWhitespace })
        #expect(French.percent(0.123) == "12,3\u{a0}%" || French.percent(0.123) == "12,3\u{202f}%" || French.percent(0.123) == "12,3 %")
        #expect(French.score(0.8734) == "87" && French.score(1.01) == "100" && French.score(-0.2) == "0")
        #expect(French.count(1, "offre") == "1 offre" && French.count(0, "offre") == "0 offre")
        #expect(French.count(2000, "offre").filter { !$0.isWhitespace } == "2000offres")
        #expect(French.count(2, "candidat éligible", "candidats éligibles") == "2 candidats éligibles")
        #expect(French.date(Day("2026-12-17")!) == "17/12/2026")
        #expect(French.date("2026-11-23T14:05:09Z") == "23/11/2026 14:05")
        #expect(French.date("pas une date") == "pas une date")
    }

    @Test("A spreadsheet document: BOM, `;`, CRLF, formulas neutralised")
    func csvDocument() {
        #expect(CSVCell.document(header: ["a", "b"], rows: [["=1+1", "x;y"]]) == "\u{FEFF}a;b\r\n'=1+1;\"x;y\"\r\n")
    }
}
