# Varnish in front of the CMS: an edge cache for the public API and the sitemap.
#
# What is cached: GET and HEAD of /api/glossary/ (but its docs and OpenAPI
# document), /api/v2/pages/, /api/v2/images/, /sitemap.xml, /static/ and
# /media/, for as long as the CMS's Cache-Control allows shared caches
# (s-maxage, else max-age), and only 200 answers. Everything else goes to the
# CMS every time: the admin, previews, documents, any request that carries a
# session or CSRF cookie or an Authorization header, and any answer that sets
# a cookie or says private, no-store or no-cache.
#
# Purging: after each change the CMS (FRONTEND_CACHE_PURGE_URL pointing here)
# sends `PURGE <path>`, with the public host in Host, for every address the
# change reaches. A PURGE of a path removes every cached query of that path
# (`PURGE /api/glossary/terms/` also removes `/api/glossary/terms/?letter=M`)
# and nothing else (`/api/glossary/terms/a/` leaves `/api/glossary/terms/ab/`
# alone); a PURGE with a query removes that one query. After a change that
# can show anywhere it sends `BAN /api/` and `BAN /sitemap.xml`, which remove
# everything under those paths. Only the addresses in the `purgers` ACL may
# do either.
#
# The app servers are defined in backends.vcl, found through varnishd's
# vcl_path (/etc/varnish by default); see README.md beside this file.

vcl 4.1;

import std;

include "backends.vcl";

# Who may PURGE or BAN: the CMS's own machines. Add the address of every app
# server and of the host running `manage.py db_worker` (it runs imports and
# sends their purges), one line each:
#     "10.0.0.11";
#     "10.0.0.0"/24;
# The ACL checks the connection's address: a TLS terminator on this machine
# must hand readers' addresses on with the PROXY protocol (listen with
# `-a :6086,PROXY`), or every reader would arrive as 127.0.0.1 and may purge.
acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    call choose_backend;

    # One spelling per host, so that cached objects and purges agree: lower
    # case, without a default port (browsers leave it out, some proxies don't).
    set req.http.Host = regsub(std.tolower(req.http.Host), ":(80|443)$", "");

    if (req.method == "PURGE" || req.method == "BAN") {
        call purge;
    }

    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }

    # The admin, and anyone signed in to it or on its way there: the session
    # and CSRF cookies belong to editors, whose answers are never shared.
    if (req.url ~ "^/admin(/|$)" ||
        req.http.Cookie ~ "(^|;\s*)(sessionid|csrftoken)=" ||
        req.http.Authorization) {
        return (pass);
    }

    # Drafts: the preview API, and any address carrying a preview token.
    if (req.url ~ "^/api/v2/page_preview(/|\?|$)" ||
        req.url ~ "[?&]token=") {
        return (pass);
    }

    if (req.url ~ "^/api/glossary/(docs|openapi\.json)") {
        return (pass);
    }
    if (req.url ~ "^/(api/glossary|api/v2/pages|api/v2/images|static|media)/" ||
        req.url ~ "^/sitemap\.xml($|\?)") {
        # Public answers are the same for everyone: other cookies (analytics,
        # the frontend's own) would only split the cache.
        unset req.http.Cookie;
        set req.url = std.querysort(req.url);
        return (hash);
    }
    return (pass);
}

sub purge {
    if (client.ip !~ purgers) {
        return (synth(403, req.method + " is not allowed from this address"));
    }
    # A ban expression is split on spaces and reads quotes and backslashes:
    # refuse any address or host that could change its meaning.
    if (req.url !~ "^/[^\s\x22\x5c]*$" ||
        req.http.Host !~ "^[a-z0-9.:\[\]-]+$") {
        return (synth(400, "Bad " + req.method + " address"));
    }
    if (req.method == "BAN") {
        # Everything under a path, whatever its query: what the CMS sends
        # after a change that can show anywhere (`BAN /api/`). Only plain
        # paths, in which a dot is the one character a regular expression
        # reads differently.
        if (req.url !~ "^/[A-Za-z0-9/_.~%-]*$") {
            return (synth(400, "Bad BAN address"));
        }
        if (!std.ban("obj.http.x-host == " + req.http.Host +
                     " && obj.http.x-url ~ ^" + regsuball(req.url, "[.]", "[.]"))) {
            return (synth(400, std.ban_error()));
        }
        return (synth(200, "Banned"));
    }
    if (req.url ~ "\?") {
        # One query of a path.
        if (!std.ban("obj.http.x-host == " + req.http.Host +
                     " && obj.http.x-url == " + std.querysort(req.url))) {
            return (synth(400, std.ban_error()));
        }
    } else {
        # A path, with every query string it was cached with.
        if (!std.ban("obj.http.x-host == " + req.http.Host +
                     " && obj.http.x-path == " + req.url)) {
            return (synth(400, std.ban_error()));
        }
    }
    return (synth(200, "Purged"));
}

sub vcl_hash {
    hash_data(req.url);
    hash_data(req.http.Host);
    # A TLS terminator in front tells the CMS the scheme; keep http and https
    # answers apart (the CMS redirects one to the other).
    hash_data(req.http.X-Forwarded-Proto);
    return (lookup);
}

sub vcl_backend_response {
    # What bans test: kept on the object (so the ban lurker can test them in
    # the background, without a request) and removed again in vcl_deliver.
    set beresp.http.x-host = bereq.http.Host;
    set beresp.http.x-url = bereq.url;
    set beresp.http.x-path = regsub(bereq.url, "\?.*$", "");

    if (bereq.uncacheable) {
        return (deliver);
    }
    # Only complete answers: errors, 404s for made-up addresses and redirects
    # are cheap for the CMS and would let anyone fill the cache.
    if (beresp.status != 200) {
        call do_not_cache;
    }
    if (beresp.http.Set-Cookie) {
        call do_not_cache;
    }
    if (beresp.http.Cache-Control ~ "(?i)(private|no-store|no-cache)" ||
        beresp.http.Vary == "*") {
        call do_not_cache;
    }
    # Varnish has already read s-maxage, max-age or Expires into beresp.ttl.
    # Every public answer of the CMS says how long to keep it; this bounds
    # anything that does not (a static file served without a header, say).
    if (!beresp.http.Cache-Control && !beresp.http.Expires) {
        set beresp.ttl = 120s;
    }
    if (beresp.ttl <= 0s) {
        call do_not_cache;
    }
    return (deliver);
}

sub vcl_backend_error {
    # An app server that does not answer (stopped, restarting, not yet taken
    # out by its probe): try the next one once. Only reads: a request body is
    # not kept for a second attempt.
    if (bereq.retries == 0 && (bereq.method == "GET" || bereq.method == "HEAD")) {
        return (retry);
    }
    # Like the CMS's own errors: JSON under /api/, a line of text elsewhere.
    set beresp.http.Retry-After = "5";
    if (bereq.url ~ "^/api/") {
        set beresp.http.Content-Type = "application/json";
        set beresp.body = """{"message": "service unavailable"}""";
    } else {
        set beresp.http.Content-Type = "text/plain; charset=utf-8";
        set beresp.body = {"Service unavailable
"};
    }
    return (deliver);
}

sub do_not_cache {
    # Remember for a while that this address is not cacheable, so requests
    # for it go straight to the CMS instead of queueing behind each other;
    # a later cacheable answer replaces the marker.
    set beresp.ttl = 60s;
    set beresp.uncacheable = true;
    return (deliver);
}

sub vcl_deliver {
    if (obj.uncacheable) {
        set resp.http.X-Cache = "PASS";
    } else if (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
    set resp.http.X-Cache-Hits = obj.hits;
    unset resp.http.x-host;
    unset resp.http.x-url;
    unset resp.http.x-path;
    return (deliver);
}

sub vcl_synth {
    # A short plain answer instead of Varnish's HTML page.
    set resp.http.Content-Type = "text/plain; charset=utf-8";
    set resp.body = resp.reason + {"
"};
    return (deliver);
}
