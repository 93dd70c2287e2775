# The app servers (gunicorn) Varnish sends requests to. default.vcl includes
# this file; keep it beside default.vcl (in /etc/varnish), edit the addresses,
# and add one backend per app server to the director below.

import directors;

# A backend that stops answering is taken out of rotation until it answers
# again. The probe asks for the letters listing, a cached answer that costs
# the CMS one Redis round trip; its Host must be one of ALLOWED_HOSTS.
probe cms_health {
    .request =
        "HEAD /api/glossary/letters/ HTTP/1.1"
        "Host: cms.example.com"
        "Connection: close";
    .interval = 2s;
    .timeout = 1s;
    .window = 3;
    .threshold = 2;
    .initial = 2;
}

backend app1 {
    .host = "127.0.0.1";
    .port = "8000";
    .probe = cms_health;
    .connect_timeout = 1s;
    .first_byte_timeout = 30s;
}

# backend app2 {
#     .host = "10.0.0.12";
#     .port = "8000";
#     .probe = cms_health;
#     .connect_timeout = 1s;
#     .first_byte_timeout = 30s;
# }

sub vcl_init {
    new app_servers = directors.round_robin();
    app_servers.add_backend(app1);
    # app_servers.add_backend(app2);
}

sub choose_backend {
    set req.backend_hint = app_servers.backend();
}
