// Command minimal is the smallest useful Dub MCP server: every Dub API
// operation as a tool, over stdio, authenticated with DUB_API_KEY. It is
// the snippet from the README, compiled so that it cannot rot.
package main

import (
	"log"
	"os"

	"github.com/mark3labs/mcp-go/server"

	"github.com/dubgen/dubgen/generated/dub"
	"github.com/dubgen/dubgen/generated/dubmcp"
)

func main() {
	s := server.NewMCPServer("my-dub-server", "0.1.0")
	c := dub.NewClient(dub.WithAPIKey(os.Getenv("DUB_API_KEY")))
	if err := dubmcp.Register(s, c); err != nil {
		log.Fatal(err)
	}
	if err := server.ServeStdio(s); err != nil {
		log.Fatal(err)
	}
}
