// Command demo-dashboard plays a dashboard user for `make demo`: it adds an
// option key to a connection out of band (GET the options, add the key,
// PATCH them back, as Auth0's docs tell API users to do), or prints the
// connection's options.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"

	"github.com/openauth0/terraform-provider-auth0/internal/client"
)

func main() {
	id := flag.String("id", "", "connection id")
	key := flag.String("set", "", "option key to add (empty: only print the options)")
	value := flag.String("value", "", "string value of the key")
	flag.Parse()
	if err := run(*id, *key, *value); err != nil {
		fmt.Fprintln(os.Stderr, "demo-dashboard:", err)
		os.Exit(1)
	}
}

func run(id, key, value string) error {
	c, err := client.New(client.Config{Domain: os.Getenv("AUTH0_DOMAIN"), APIToken: os.Getenv("AUTH0_API_TOKEN")})
	if err != nil {
		return err
	}
	ctx := context.Background()
	conn, err := c.GetConnection(ctx, id)
	if err != nil {
		return err
	}
	var opts map[string]any
	if err := json.Unmarshal(conn.Options, &opts); err != nil {
		return err
	}
	if key != "" {
		opts[key] = value
		if conn, err = c.UpdateConnection(ctx, id, client.Patch{"options": opts}); err != nil {
			return err
		}
	}
	pretty, err := json.MarshalIndent(conn.Options, "  ", "  ")
	if err != nil {
		return err
	}
	fmt.Printf("  options of %s on the server:\n  %s\n", id, pretty)
	return nil
}
