vcl 4.1;
# Newsroom behind Varnish, the purging cache: every page is tagged with the keys of what it shows
# (the app's Surrogate-Key header), and the app purges those keys the moment a change commits
# (NEWSROOM_VARNISH_URLS; newsroom/purge.py). Needs Debian's varnish and varnish-modules (xkey).
# TLS stays at nginx or the CDN in front; set DJANGO_BEHIND_PROXY=1 for the app as for nginx.
#
# Lifetimes come from the app's Cache-Control (s-maxage), which never reaches past the next
# scheduled publish, expiry or embargo time; no grace, so an expired page is never served while
# a fresh one is fetched. Adapt the marked lines (backend address, purgers).

import xkey;

backend newsroom {
    .host = "127.0.0.1";  # gunicorn
    .port = "8000";
    .first_byte_timeout = 30s;
}

# Who may purge: the app's hosts.
acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(403, "Forbidden"));
        }
        if (req.http.xkey) {
            set req.http.n-gone = xkey.purge(req.http.xkey);
            return (synth(200, "Purged " + req.http.n-gone + " objects"));
        }
        return (purge);
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    # Staff and previews are never stored; a session cookie means a logged-in editor.
    if (req.url ~ "^/(admin|preview)/" || req.http.Cookie ~ "(^|;\s*)sessionid=") {
        return (pass);
    }
    # Readers' pages do not vary by cookie: other cookies would only split the cache.
    unset req.http.Cookie;
    return (hash);
}

sub vcl_hash {
    # The scheme too, as the app's cache and nginx's do: pages write absolute addresses.
    hash_data(req.http.X-Forwarded-Proto);
}

sub vcl_backend_response {
    # Tag the object with the keys of what it shows, for xkey.purge.
    if (beresp.http.Surrogate-Key) {
        set beresp.http.xkey = beresp.http.Surrogate-Key;
    }
    # Exact schedules: nothing served past its lifetime, not even while refetching.
    set beresp.grace = 0s;
    # Only what the app marks public, with a lifetime, and without cookies is stored.
    if (beresp.http.Set-Cookie || beresp.http.Cache-Control !~ "public" || beresp.ttl <= 0s) {
        set beresp.uncacheable = true;
        set beresp.ttl = 120s;
        return (deliver);
    }
}

sub vcl_deliver {
    # The keys are for caches, not browsers.
    unset resp.http.xkey;
    unset resp.http.Surrogate-Key;
    unset resp.http.Cache-Tag;
    if (obj.hits > 0) {
        set resp.http.X-Varnish-Cache = "HIT";
    } else {
        set resp.http.X-Varnish-Cache = "MISS";
    }
}
