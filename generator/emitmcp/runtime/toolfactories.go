package dubmcp

import dub "github.com/dubgen/dubgen/generator/emitclient/runtime"

// toolFactories builds one Tool per API operation. The generated package
// declares and fills it; this empty declaration lets the runtime compile
// and be tested on its own, and is not copied by the generator.
var toolFactories []func(*dub.Client) Tool
