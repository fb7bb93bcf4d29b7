package naming

import "testing"

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
