package results

// SharedFixture lets the package's outside tests read the definitions
// of ../testdata as its own tests do.
var SharedFixture = sharedFixture
