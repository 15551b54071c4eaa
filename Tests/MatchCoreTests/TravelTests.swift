import MatchTestSupport
import Testing

@testable import MatchCore

@Suite struct TravelTests {
    @Test(arguments: TransportMode.allCases)
    func estimateGrowsWithDistance(mode: TransportMode) {
        let estimator = TravelTimeEstimator()
        var previous = estimator.minutes(distanceKm: 0, mode: mode)
        #expect(estimator.minutes(distanceKm: -3, mode: mode) == previous)
        for step in 1...1200 {
            let km = Double(step) * 0.125
            let minutes = estimator.minutes(distanceKm: km, mode: mode)
            #expect(minutes > previous, "\(mode) at \(km) km: \(minutes) ≤ \(previous)")
            #expect(minutes - previous < 2.5, "\(mode) jumps at \(km) km")
            previous = minutes
        }
    }

    @Test func fixedTimesAndSpeeds() {
        let e = TravelTimeEstimator()
        #expect(e.minutes(distanceKm: 0, mode: .car) == 5)
        #expect(e.minutes(distanceKm: 0, mode: .transit) == 15)
        #expect(e.minutes(distanceKm: 0, mode: .bike) == 2)
        #expect(e.minutes(distanceKm: 0, mode: .walk) == 0)
        #expect(abs(e.minutes(distanceKm: 3, mode: .walk) - 48) < 1e-9)  // 3.6 km at 4.5 km/h
        // 10 km → 13 km of road: 5 km at 30 km/h, 8 km at 50 km/h, plus 5 minutes.
        #expect(abs(e.minutes(distanceKm: 10, mode: .car) - 24.6) < 1e-9)
    }

    /// `fromAllCommunes` gives the matrix time where an entry exists for the destination and mode, else the estimate.
    @Test func matrixEntriesOverrideTheEstimate() throws {
        let world = try SyntheticWorld(seed: 41)
        for hub in world.hubs {
            let destination = Location(communeCode: hub, point: world.communes[hub]!.location)
            let times = world.travel.fromAllCommunes(of: world.communes, to: destination)
            var real = 0
            for (i, commune) in world.communes.communes.enumerated() {
                let km = Float(commune.location.distanceKm(to: destination.point))
                #expect(times.distanceKm[i] == km)
                for mode in TransportMode.allCases {
                    let estimate = Float(TravelTimeEstimator().minutes(distanceKm: Double(km), mode: mode))
                    let entry = world.travel.matrix.minutes(from: commune.code, to: hub, mode: mode)
                    #expect(times.minutes(commune: i, mode: mode) == (entry ?? estimate))
                    #expect(times.fromMatrix[mode.index][i] == (entry != nil))
                    if entry != nil { real += 1 }
                }
            }
            #expect(real >= 15, "hub \(hub): \(real) matrix entries used")
            let byPoint = world.travel.fromAllCommunes(of: world.communes, to: Location(communeCode: nil, point: destination.point))
            #expect(byPoint.fromMatrix.allSatisfy { !$0.contains(true) }, "no commune code, no matrix")
        }
    }

    @Test func matrixSetReplacesAnEntry() {
        var matrix = TravelMatrix()
        matrix.set(from: "59001", to: "59008", mode: .transit, minutes: 22)
        matrix.set(from: "59001", to: "59008", mode: .transit, minutes: 25)
        matrix.set(from: "59001", to: "59008", mode: .car, minutes: 12)
        #expect(matrix.count == 2)
        #expect(matrix.minutes(from: "59001", to: "59008", mode: .transit) == 25)
        #expect(matrix.minutes(from: "59008", to: "59001", mode: .transit) == nil)
    }

    /// A candidate 40+ km away with a 15-minute limit is feasible only because the matrix says 7.5 minutes.
    @Test func matrixTimeDecidesFeasibilityInTheEngine() throws {
        let world = try SyntheticWorld(seed: 42)
        let hub = world.communes.communes[0]
        let far = try #require(world.communes.communes.max { $0.location.distanceKm(to: hub.location) < $1.location.distanceKm(to: hub.location) })
        #expect(far.location.distanceKm(to: hub.location) > 20)
        var matrix = TravelMatrix()
        matrix.set(from: far.code, to: hub.code, mode: .car, minutes: 7.5)
        let pool = [Candidate(id: "A", commune: far.code, mobility: .init(modes: [.car], maxMinutes: 15)),
                    Candidate(id: "B", commune: far.code, mobility: .init(modes: [.transit], maxMinutes: 15))]
        let index = try CandidateIndex(candidates: pool, rome: world.rome, communes: world.communes,
                                       embedding: world.embedding, referenceDate: world.referenceDate)
        let matcher = Matcher(rome: world.rome, communes: world.communes, embedding: world.embedding,
                              policy: .standard, travel: TravelTimes(matrix: matrix), index: index)
        let offer = JobOffer(id: "O", romeCode: world.rome.fiches[0].code, workplace: .init(commune: hub.code))
        for strategy in Matcher.Strategy.allCases {
            let list = try matcher.shortlist(for: offer, top: 5, strategy: strategy)
            #expect(list.entries.map(\.candidateId) == ["A"])
            #expect(list.entries.first?.travel.minutes == 7.5)
            #expect(list.entries.first?.travel.source == "matrix")
            #expect(list.excluded == [.travel: 1])
        }
    }
}
