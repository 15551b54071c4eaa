import Foundation

@inline(__always) func sinSquared(_ x: Double) -> Double { let s = sin(x); return s * s }
@inline(__always) func cosine(_ x: Double) -> Double { cos(x) }
@inline(__always) func arcsinOfSquareRoot(_ a: Double) -> Double { asin(min(1, a.squareRoot())) }
