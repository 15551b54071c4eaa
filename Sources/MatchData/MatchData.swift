import MatchCore
