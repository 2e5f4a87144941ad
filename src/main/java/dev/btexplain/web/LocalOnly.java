package dev.btexplain.web;

import com.sun.net.httpserver.HttpExchange;

/**
 * The server answers this machine's own pages only. A page of another site can reach 127.0.0.1 from the user's browser:
 * by a name it points at 127.0.0.1 (DNS rebinding), which the Host header gives away, or by a cross-site request, which
 * Origin and Sec-Fetch-Site give away.
 */
final class LocalOnly {
    private final java.util.Set<String> hosts;
    private final java.util.Set<String> origins;

    /** @param bound the address the server listens on (--bind), whose own name is accepted too */
    LocalOnly(java.net.InetSocketAddress bound) {
        int port = bound.getPort();
        String own = bound.getAddress().getHostAddress();
        hosts = new java.util.HashSet<>(java.util.List.of("127.0.0.1:" + port, "localhost:" + port, "[::1]:" + port, own + ":" + port));
        origins = new java.util.HashSet<>();
        hosts.forEach(h -> origins.add("http://" + h));
    }

    /** Why this request is refused, or null when it comes from this machine's own page (or a command-line client). */
    String refusal(HttpExchange ex) {
        java.util.List<String> given = ex.getRequestHeaders().get("Host");
        if (given == null || given.size() != 1) {
            return "a request names one host, in one Host header";
        }
        String host = given.get(0).strip().toLowerCase(java.util.Locale.ROOT);
        if (!hosts.contains(host)) {
            return "this server answers requests for 127.0.0.1 and localhost only, not for host \"" + host + "\"";
        }
        java.net.URI uri = ex.getRequestURI();
        if (uri.getRawAuthority() != null && !hosts.contains(uri.getRawAuthority().toLowerCase(java.util.Locale.ROOT))) {
            return "this server answers requests for 127.0.0.1 and localhost only, not for " + uri.getRawAuthority();
        }
        if (ex.getRequestMethod().equals("GET") || ex.getRequestMethod().equals("HEAD")) {
            return null;
        }
        String origin = ex.getRequestHeaders().getFirst("Origin");
        if (origin != null && !origins.contains(origin.strip().toLowerCase(java.util.Locale.ROOT))) {
            return "a page of " + origin + " may not post here";
        }
        String site = ex.getRequestHeaders().getFirst("Sec-Fetch-Site");
        if (site != null && !site.equals("same-origin") && !site.equals("none")) {
            return "a " + site + " request may not post here";
        }
        return null;
    }
}
