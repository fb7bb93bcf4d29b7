package toolcheck

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/dubgen/dubgen/generated/dub"
	"github.com/dubgen/dubgen/generator/sample"
)

// TestBulkUpdateLinksTyped: the Go client models Dub's real bulk update
// answers (overlay response correction): each element a link or a
// failure, or a bare string when nothing was left to update.
func TestBulkUpdateLinksTyped(t *testing.T) {
	api, _, _ := loaded(t)
	var link any
	for _, s := range api.Types {
		if s.Name == "Link" {
			link = sample.Value(s, sample.Full)
		}
	}
	if link == nil {
		t.Fatal("the pinned spec has no Link type")
	}
	full, err := json.Marshal(link)
	if err != nil {
		t.Fatal(err)
	}
	mixed := `[` + string(full) + `,{"link":{"id":"link_gone"},"error":"Link not found","code":"not_found"}]`
	var body string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(body))
	}))
	t.Cleanup(srv.Close)
	c := dub.NewClient(dub.WithAPIKey(apiKey), dub.WithBaseURL(srv.URL))

	body = mixed
	res, err := c.BulkUpdateLinks(context.Background(), dub.BulkUpdateLinksBody{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.ItemList) != 2 || res.ItemList[0].Link == nil || res.ItemList[1].LinkError == nil {
		t.Fatalf("mixed answer decoded as %+v", res)
	}
	if e := res.ItemList[1].LinkError; e.Error != "Link not found" || e.Code != "not_found" {
		t.Errorf("failure = %+v", e)
	}

	body = `"No links to update"`
	if res, err = c.BulkUpdateLinks(context.Background(), dub.BulkUpdateLinksBody{}); err != nil {
		t.Fatal(err)
	}
	if res.String == nil || *res.String != "No links to update" || res.ItemList != nil {
		t.Errorf("string answer decoded as %+v", res)
	}
}
