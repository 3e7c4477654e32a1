#!/usr/bin/env python3
"""Server time of every console page on demo-sized data (bench/console.sh runs it against a fresh service).

  console.py BASE_URL RULES_DIR OUT_JSON [--decisions 1000] [--warmup 30] [--requests 200]

Records demo data through the API (decisions of a mix of shops and outcomes, a merchant strategy), replays a
draft over it through the console (so that a finished replay page with its charts exists), then requests each
page WARMUP times, then REQUESTS times one after another on one keep-alive connection, and reports for each
page the p50 / p99 / max of the service's own time (its Server-Timing header, app;dur=…: from the request's
first handler to its headers) and of the time seen by this client (request sent to last byte read).
Standard library only; every request goes to BASE_URL (loopback).
"""
import argparse
import base64
import datetime
import http.client
import json
import re
import statistics
import sys
import time
import urllib.parse

AFTER_SALES = "Basic " + base64.b64encode(b"after-sales:after-sales-secret").decode()
MERCHANT_S1 = "Basic " + base64.b64encode(b"merchant-s1:merchant-secret").decode()
PLATFORM = datetime.timezone(datetime.timedelta(hours=8))
TIMING = re.compile(r"app;dur=([0-9.]+)")


class Session:
    """One keep-alive connection with its own cookies; redirects are not followed."""

    def __init__(self, base):
        parsed = urllib.parse.urlsplit(base)
        self.host, self.port = parsed.hostname, parsed.port
        self.connection = http.client.HTTPConnection(self.host, self.port, timeout=30)
        self.cookies = {}

    def request(self, method, path, body=None, headers=None):
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if isinstance(body, dict):
            body = urllib.parse.urlencode(body)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        started = time.perf_counter()
        try:
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
        except (http.client.HTTPException, OSError):
            self.connection.close()
            self.connection = http.client.HTTPConnection(self.host, self.port, timeout=30)
            started = time.perf_counter()
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
        data = response.read()
        elapsed = (time.perf_counter() - started) * 1000
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                cookie = value.split(";", 1)[0]
                key, _, val = cookie.partition("=")
                if val:
                    self.cookies[key] = val
                else:
                    self.cookies.pop(key, None)
        timing = TIMING.search(response.getheader("Server-Timing") or "")
        return response.status, response, data.decode("utf-8", "replace"), elapsed, float(timing.group(1)) if timing else None

    def log_in(self, user, password):
        status, response, _, _, _ = self.request("POST", "/console/j_security_check",
                                                 {"j_username": user, "j_password": password})
        if status != 302 or "error" in (response.getheader("Location") or ""):
            raise SystemExit(f"cannot log in as {user}: {status} {response.getheader('Location')}")


def api(session, method, path, body, authorization, expected):
    status, _, text, _, _ = session.request(method, path, json.dumps(body),
                                            {"Content-Type": "application/json", "Authorization": authorization})
    if status not in expected:
        raise SystemExit(f"{method} {path}: {status} {text[:300]}")


def request_body(refund_id, shop, kind, now):
    """kind: express (refunded at once), shipped / large (manual review), strategy (a merchant's strategy)."""
    paid, amount = "120.50", "120.50"
    status, enrolled = "UNSHIPPED", True
    if kind == "shipped":
        status = "SHIPPED"
    elif kind == "large":
        paid, amount = "450.00", "450.00"
    elif kind == "strategy":
        enrolled = False
    return {
        "refundId": refund_id,
        "requestedAt": (now - datetime.timedelta(minutes=30)).isoformat(timespec="seconds"),
        "refundType": "REFUND_ONLY",
        "refundAmount": float(amount),
        "order": {"orderId": "O-" + refund_id, "paidAmount": float(paid),
                  "paidAt": (now - datetime.timedelta(hours=1)).isoformat(timespec="seconds"),
                  "shippingStatus": status, "virtualGoods": False, "serviceTags": ["EXPRESS_REFUND"]},
        "shop": {"shopId": shop, "expressRefundEnabled": enrolled},
    }


def seed(base, count, run):
    session = Session(base)
    api(session, "PUT", "/api/v1/shops/S-1/auto-refund-strategy",
        {"enabled": True, "maxRefundAmount": 500.00, "dailyLimit": 100000, "dailyAmountLimit": 100000000.00},
        MERCHANT_S1, (200, 201))
    now = datetime.datetime.now(PLATFORM).replace(microsecond=0)
    kinds = ["express"] * 6 + ["shipped", "large", "strategy", "strategy"]
    shops = ["S-1", "S-2", "S-3"] + [f"S-DEMO-{n}" for n in range(1, 18)]
    first = None
    for i in range(count):
        kind = kinds[i % len(kinds)]
        shop = "S-1" if kind == "strategy" else shops[i % len(shops)]
        refund_id = f"RF-{run}-{i}"
        first = first or refund_id
        api(session, "POST", "/api/v1/refund-decisions", request_body(refund_id, shop, kind, now), AFTER_SALES, (201,))
    return first, now.date()


HOLD = """package express;

import io.expressrefund.rules.facts.RefundCase;
import io.expressrefund.rules.facts.Unmet;

rule "Bench: demo shops S-DEMO-1x are held back from express refund"
when
    RefundCase( shopId matches "S-DEMO-1[0-9]*" )
then
    insert( Unmet.expressRefund( "BENCH_HOLD", "Held back by the console benchmark." ) );
end
"""


def start_replay(operator, today):
    """Replays a new rule file that holds back some demo shops: their express refunds change."""
    operator.request("GET", "/console/rules/draft")
    status, response, page, _, _ = operator.request("POST", "/console/rules/replays", {
        "csrf": operator.cookies["console-csrf"], "name": "express/bench-hold.drl", "text": HOLD,
        "from": (today - datetime.timedelta(days=1)).isoformat(), "to": today.isoformat(), "shopId": "",
        "baseline": "current"})
    if status != 303:
        raise SystemExit(f"the replay did not start: {status} {page[:2000]}")
    path = urllib.parse.urlsplit(response.getheader("Location")).path
    for _ in range(600):
        _, _, page, _, _ = operator.request("GET", path)
        if 'id="replay-state" class="done"' in page:
            return path
        time.sleep(0.1)
    raise SystemExit("the replay did not finish")


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def measure(session, name, method, path, warmup, requests, body=None, expect=200):
    for _ in range(warmup):
        session.request(method, path, body() if body else None)
    server, client = [], []
    for _ in range(requests):
        status, _, page, elapsed, timing = session.request(method, path, body() if body else None)
        if status != expect:
            raise SystemExit(f"{name}: {method} {path} answered {status}: {page[:300]}")
        client.append(elapsed)
        if timing is not None:
            server.append(timing)
    row = {"page": name, "method": method, "path": path, "requests": requests, "bytes": len(page.encode()),
           "server_p50": percentile(server, 0.5) if server else None,
           "server_p99": percentile(server, 0.99) if server else None,
           "server_max": max(server) if server else None,
           "client_p50": percentile(client, 0.5), "client_p99": percentile(client, 0.99), "client_max": max(client),
           "client_mean": statistics.fmean(client)}
    print(json.dumps(row), flush=True)
    return row


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("base")
    parser.add_argument("rules")
    parser.add_argument("out")
    parser.add_argument("--decisions", type=int, default=1000)
    parser.add_argument("--warmup", type=int, default=30)
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()

    run = time.strftime("%H%M%S")
    started = time.time()
    first, today = seed(args.base, args.decisions, run)
    print(f"seeded {args.decisions} decisions in {time.time() - started:.1f} s", file=sys.stderr)
    operator = Session(args.base)
    operator.log_in("operator", "operator-secret")
    replay = start_replay(operator, today)
    merchant = Session(args.base)
    merchant.log_in("merchant-s1", "merchant-secret")
    anonymous = Session(args.base)

    # The second page of all decisions: its cursor, as the first page links to it.
    _, _, page, _, _ = operator.request("GET", "/console/decisions")
    next_link = re.search(r'id="next" href="([^"]+)"', page).group(1).replace("&amp;", "&")
    _, _, page, _, _ = merchant.request("GET", "/console/shops/S-1/express")
    express_next = re.search(r'id="next" href="([^"]+)"', page)

    with open(f"{args.rules}/express/eligibility.drl", encoding="utf-8") as f:
        eligibility = f.read()
    day = today.isoformat()
    pages = [
        (anonymous, "login", "/console/login"),
        (operator, "rules", "/console/rules"),
        (operator, "rule file", "/console/rules/file?name=express/eligibility.drl"),
        (operator, "file as draft", "/console/rules/draft?name=express/eligibility.drl"),
        (operator, "case as draft", "/console/rules/draft?name=tests/express-refund-when-every-condition-holds.json"),
        (operator, "replays", "/console/rules/replays"),
        (operator, "replay (done, charts, changes)", replay),
        (operator, "decisions", "/console/decisions"),
        (operator, "decisions, page 2", next_link),
        (operator, "decisions by shop, outcome, path, days",
         f"/console/decisions?shopId=S-1&outcome=AUTO_REFUND&path=CUSTOM_STRATEGY&from={day}&to={day}"),
        (operator, "decision", "/console/decisions/" + first),
        (merchant, "strategy (merchant)", "/console/shops/S-1"),
        (merchant, "express refunds (merchant)", "/console/shops/S-1/express"),
        (merchant, "live (merchant; the page, not its stream)", "/console/shops/S-1/live"),
    ]
    if express_next:
        pages.insert(13, (merchant, "express refunds, page 2", express_next.group(1).replace("&amp;", "&")))
    rows = [measure(session, name, "GET", path, args.warmup, args.requests) for session, name, path in pages]
    # Not a page view: validating a draft compiles the rules and runs every case.
    csrf = operator.cookies["console-csrf"]
    rows.append(measure(operator, "validate a draft (POST: compile, run every case)", "POST", "/console/rules/draft",
                        3, min(args.requests, 20), lambda: {"csrf": csrf, "name": "express/eligibility.drl",
                                                            "text": eligibility, "action": "validate"}))
    with open(args.out, "w", encoding="utf-8") as f:
        json.dump({"decisions": args.decisions, "warmup": args.warmup, "requests": args.requests, "pages": rows}, f,
                  indent=1)

    print()
    print(f"| page | server p50 / p99 / max (ms) | client p50 / p99 (ms) | bytes |")
    print(f"| --- | ---: | ---: | ---: |")
    for row in rows:
        print(f"| {row['page']} | {row['server_p50']:.1f} / {row['server_p99']:.1f} / {row['server_max']:.1f} | "
              f"{row['client_p50']:.1f} / {row['client_p99']:.1f} | {row['bytes']:,} |")


if __name__ == "__main__":
    main()
