import Foundation
import Testing

@testable import RadhusCore

/// A key twice in one JSON object is found wherever it is, after unescaping; keys repeated in
/// different objects are not duplicates; what is not JSON is left to the decoder.
@Suite struct JSONDuplicateKeysTests {
    @Test(arguments: [
        (#"{"a":1,"a":2}"#, "a"),
        (#"{"a":{"b":1,"c":[1,{"d":1,"d":2}]}}"#, "a.c.[1].d"),
        (#"{"trinn":"3","\u0074rinn":"9"}"#, "trinn"),
        (#" { "x" : [ ] , "y" : { } , "x" : null } "#, "x"),
    ])
    func duplicatesAreFound(json: String, path: String) {
        #expect(JSONDuplicateKeys.first(in: Array(json.utf8)) == path)
    }

    @Test(arguments: [
        #"{"a":1,"b":{"a":2},"c":[{"a":3},{"a":4}]}"#, #"{"a":"x\"a\":1"}"#, "[]", #""a""#, "12", #"{"a":"#,
        #"{"a" 1}"#, "",
    ])
    func noDuplicateOrNotJSON(json: String) {
        #expect(JSONDuplicateKeys.first(in: Array(json.utf8)) == nil)
    }
}
