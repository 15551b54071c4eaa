import GRDB
import MatchCore
