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
                                       embedding: world.embedding, referenceDate: world.referenceDate,
                                       inference: ScoringPolicy.standard.inference)
        let matcher = try Matcher(rome: world.rome, communes: world.communes, embedding: world.embedding,
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

@Suite struct ShortlistBoundTests {
    /// The shortlist's travel times skip only communes no candidate of the index could reach: within the
    /// matcher's reach they equal the full table, beyond it every mode is over every limit of the index.
    @Test func reachLimitedTravelTimesAgreeWhereTheyCanMatter() throws {
        let scenario = try Scenario(seed: 71, poolSize: 400)
        let matcher = scenario.matcher
        let longest = matcher.index.limitMinutes.max() ?? 0
        for offer in scenario.offers {
            let q = try matcher.query(for: offer)
            let full = matcher.travel.fromAllCommunes(of: matcher.communes, to: q.location)
            let limited = matcher.travel.fromAllCommunes(of: matcher.communes, to: q.location, reachKm: matcher.reachKm)
            var skipped = 0
            for c in 0..<matcher.communes.count {
                #expect(limited.distanceKm[c] == .infinity || limited.distanceKm[c] == full.distanceKm[c])
                for mode in TransportMode.allCases {
                    let (a, b) = (limited.minutes[mode.index][c], full.minutes[mode.index][c])
                    if a == .infinity, b != .infinity {
                        #expect(b > longest, "commune \(c), \(mode): skipped at \(b) min")
                        skipped += 1
                    } else {
                        #expect(a == b)
                    }
                }
            }
            #expect(skipped > 0)  // the synthetic world is wide enough for some communes to be out of reach
        }
    }

    /// The scan reads a row's vector only when the bound from its priority publics could still let it in:
    /// that bound must never be below the real dot product.
    @Test(arguments: [Policies.standard, Policies.unusual])
    func largestDotBoundsEveryRowsDot(policy: ScoringPolicy) throws {
        let scenario = try Scenario(seed: 72, poolSize: 600, policy: policy)
        let index = scenario.matcher.index
        for offer in scenario.offers {
            let q = try scenario.matcher.query(for: offer)
            for r in 0..<index.count {
                let dot = (0..<index.stride).reduce(Float(0)) { $0 + index.vectors[r * index.stride + $1] * q.vector[$1] }
                #expect(dot <= q.largestDot(publics: index.publics[r]) + 1e-5, "row \(r) of offer \(offer.id)")
            }
        }
    }
}

/// The workers of one shortlist exchange their thresholds as integers: the mapping must keep the order of
/// every float they can publish (−∞ while a list fills, scores of either sign, +∞ for an empty list).
@Suite struct ScoreFloorTests {
    @Test func keysKeepTheOrderOfScores() {
        let scores: [Float] = [-.infinity, -1e9, -2.5, -Float.leastNonzeroMagnitude, 0, Float.leastNonzeroMagnitude,
                               0.3, Float(0.3).nextUp, 1, 7.25, .greatestFiniteMagnitude, .infinity]
        for (a, b) in zip(scores, scores.dropFirst()) {
            #expect(ScoreFloor.key(a) < ScoreFloor.key(b), "\(a) < \(b)")
        }
        for x in scores { #expect(ScoreFloor.score(ScoreFloor.key(x)) == x) }
    }

    @Test func raiseReturnsTheHighestPublished() {
        let floor = ScoreFloor()
        #expect(floor.raise(to: -.infinity) == -.infinity)
        #expect(floor.raise(to: 0.4) == 0.4)
        #expect(floor.raise(to: 0.2) == 0.4)
        #expect(floor.raise(to: 0.9) == 0.9)
    }
}
