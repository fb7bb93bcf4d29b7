package naming

import (
	"go/token"
	"testing"
)

func TestNames(t *testing.T) {
	tests := []struct{ in, exported, snake string }{
		{"getQRCode", "GetQRCode", "get_qr_code"},
		{"linkId", "LinkID", "link_id"},
		{"linkIds", "LinkIDs", "link_ids"},
		{"doc_url", "DocURL", "doc_url"},
		{"utm_source", "UTMSource", "utm_source"},
		{"retrievePartnerLinks", "RetrievePartnerLinks", "retrieve_partner_links"},
		{"link.created", "LinkCreated", "link_created"},
		{"top_urls", "TopURLs", "top_urls"},
		{"1d", "V1d", "1d"},
		{"90d", "V90d", "90d"},
		{"createReferralsEmbedToken", "CreateReferralsEmbedToken", "create_referrals_embed_token"},
		{"", "X", ""},
		{"ext_id", "ExtID", "ext_id"},
		{"isHTTPSRedirect", "IsHTTPSRedirect", "is_https_redirect"},
		{"名前", "X名前", "名前"},
		{"ß", "Xß", "ß"},
		{"straße", "Straße", "straße"},
		{"2fa", "V2fa", "2fa"},
		{"type", "Type", "type"},
		{"$ref", "Ref", "ref"},
		{"a-b.c", "ABC", "a_b_c"},
		{"@@", "X", ""},
		{"é", "É", "é"},
	}
	for _, tt := range tests {
		if got := Exported(tt.in); got != tt.exported {
			t.Errorf("Exported(%q) = %q, want %q", tt.in, got, tt.exported)
		}
		if got := Snake(tt.in); got != tt.snake {
			t.Errorf("Snake(%q) = %q, want %q", tt.in, got, tt.snake)
		}
	}
}

// FuzzExported: whatever the spec calls something, the Go name is a valid,
// exported identifier.
func FuzzExported(f *testing.F) {
	for _, s := range []string{"名前", "ß", "2fa", "type", "$ref", "-", "", "Ünïcödé", "a b", "\u0301x", "٣", "_x", "ǅ"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := Exported(s)
		if !token.IsIdentifier(out) || !token.IsExported(out) {
			t.Errorf("Exported(%q) = %q, not an exported identifier", s, out)
		}
	})
}

func TestASCII(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"größe", "groesse"},
		{"Café", "Cafe"},
		{"ü", "ue"},
		{"名前", "  "},
		{"plain_id", "plain_id"},
	} {
		if got := ASCII(tt.in); got != tt.want {
			t.Errorf("ASCII(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
