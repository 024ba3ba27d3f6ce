#!/usr/bin/env python3
"""A steady stream on the queue while the display is measured: tickets taken through the API at a fixed rate, and a
clerk (signed in with password and authenticator code, as a person is) calling the next ticket to a counter at a fixed
rate through the counter page. Runs for the given seconds; prints how many of each succeeded.
    stream.py BASE SECONDS TICKETS_PER_SECOND CALLS_PER_SECOND"""
import base64, hashlib, hmac, http.cookiejar, re, struct, sys, threading, time, urllib.error, urllib.parse, urllib.request, uuid

base, seconds, ticket_rate, call_rate = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4])
KEY = "MADOGUCHIDEMOKEYGOSHOGAWARA22255"   # the demo accounts' authenticator key (DemoSeeder)
PASSWORD = "Tachineputa-demo-2026"


def totp(key, at):
    secret = base64.b32decode(key + "=" * (-len(key) % 8))
    digest = hmac.new(secret, struct.pack(">Q", int(at) // 30), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    return "%06d" % ((struct.unpack(">I", digest[offset:offset + 4])[0] & 0x7FFFFFFF) % 1000000)


jar = http.cookiejar.CookieJar()
opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))


def page(path, form=None):
    data = urllib.parse.urlencode(form).encode() if form is not None else None
    with opener.open(base + path, data) as response:
        return response.geturl(), response.read().decode("utf-8")


def token(html):
    return re.search(r'name="__RequestVerificationToken" type="hidden" value="([^"]*)"', html).group(1)


_, html = page("/staff/signin")
url, html = page("/staff/signin", {"__RequestVerificationToken": token(html), "Input.Email": "clerk@demo.madoguchi.example", "Input.Password": PASSWORD})
code_path = urllib.parse.urlparse(url).path + "?" + urllib.parse.urlparse(url).query
# Each code is accepted once per account: when this 30-second step's code was used by an earlier run, wait for the next.
for attempt in range(3):
    try:
        url, html = page(code_path, {"__RequestVerificationToken": token(html), "Input.Code": totp(KEY, time.time())})
        break
    except urllib.error.HTTPError as refused:
        html = refused.read().decode("utf-8")
        time.sleep(31 - time.time() % 30)
_, desk = page("/staff/queue?counter=" + urllib.parse.quote("1番窓口"))
assert "次の方を呼ぶ" in desk, "the clerk could not open the counter page"
desk_token = token(desk)

print("READY", flush=True)
counts = {"tickets": 0, "ticket_errors": 0, "calls": 0, "call_errors": 0}
stop = time.time() + seconds


def tickets():
    interval, next_at = 1 / ticket_rate, time.time()
    while time.time() < stop:
        request = urllib.request.Request(base + "/api/v1/queue/tickets", data=b'{"service":"idou"}', method="POST",
                                         headers={"Content-Type": "application/json", "Idempotency-Key": str(uuid.uuid4())})
        try:
            with urllib.request.urlopen(request) as response:
                counts["tickets" if response.status == 201 else "ticket_errors"] += 1
        except Exception:
            counts["ticket_errors"] += 1
        next_at += interval
        time.sleep(max(0, next_at - time.time()))


def calls():
    interval, next_at = 1 / call_rate, time.time()
    while time.time() < stop:
        try:
            url, _ = page("/staff/queue?handler=Call", {"__RequestVerificationToken": desk_token, "Counter": "1番窓口", "Services": "idou"})
            counts["calls" if "done=called" in url else "call_errors"] += 1
        except Exception:
            counts["call_errors"] += 1
        next_at += interval
        time.sleep(max(0, next_at - time.time()))


threads = [threading.Thread(target=tickets), threading.Thread(target=calls)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
print("STREAM tickets=%(tickets)d ticket_errors=%(ticket_errors)d calls=%(calls)d call_errors=%(call_errors)d" % counts)
