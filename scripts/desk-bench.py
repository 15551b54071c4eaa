#!/usr/bin/env python3
"""Server time of every desk page on a store (opt-in benchmark; the goal is ≤ 200 ms per page).

    swift build -c release --product apparier
    python3 scripts/desk-bench.py --db big.sqlite --apparier .build/release/apparier [--repeat 30] [--json]

Adds to the store a platform `bench-arras` (CU d'Arras), an account `bench-desk`, one offer entered through
the form, three proposals and an interview: use a store made for benchmarks. Starts `apparier serve` on a
free loopback port, signs in, then requests each page `--repeat` times and prints the median and 95th
percentile of the server time (the `Server-Timing` header) and of the time seen by the client.
Python's standard library only.
"""

import argparse
import http.cookiejar
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request

PASSWORD = "banc d'essai du bureau"


def run(apparier, *args, env=None):
    return subprocess.run([apparier, *args], capture_output=True, text=True, env=env)


class Desk:
    def __init__(self, base):
        self.base = base
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        self.csrf = None

    def request(self, path, form=None):
        data = urllib.parse.urlencode(form, doseq=True).encode() if form is not None else None
        start = time.perf_counter()
        with self.opener.open(self.base + path, data=data) as response:
            body = response.read().decode()
            wall = (time.perf_counter() - start) * 1000
            timing = response.headers.get("Server-Timing", "")
            server = float(re.search(r"dur=([0-9.]+)", timing).group(1)) if "dur=" in timing else float("nan")
            return body, server, wall, response.geturl()

    def sign_in(self, login):
        body, *_ = self.request("/bureau/connexion")
        token = re.search(r'name="_connexion" value="([^"]+)"', body).group(1)
        body, *_ = self.request("/bureau/connexion", {"_connexion": token, "retour": "/bureau", "identifiant": login, "motDePasse": PASSWORD})
        self.csrf = re.search(r'name="_csrf" value="([^"]+)"', body).group(1)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--apparier", default=".build/release/apparier")
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    run(args.apparier, "platform", "create", "--id", "bench-arras", "--name", "Banc d'essai Arras", "--contact", "03 21 00 00 00",
        "--epci", "CU d'Arras", "--db", args.db)
    run(args.apparier, "user", "create", "--login", "bench-desk", "--platform", "bench-arras", "--role", "admin", "--db", args.db,
        env={**os.environ, "APPARIER_PASSWORD": PASSWORD})

    log = tempfile.NamedTemporaryFile("w+", suffix=".log", delete=False)
    server = subprocess.Popen([args.apparier, "serve", "--db", args.db, "--port", "0"], stderr=log, stdout=subprocess.DEVNULL)
    try:
        port = None
        for _ in range(1200):
            match = re.search(r"écoute sur http://127\.0\.0\.1:(\d+)", open(log.name).read())
            if match:
                port = match.group(1)
                break
            if server.poll() is not None:
                sys.exit(open(log.name).read())
            time.sleep(0.1)
        startup = open(log.name).read().splitlines()[0]
        desk = Desk(f"http://127.0.0.1:{port}")
        desk.sign_in("bench-desk")

        form = {"_csrf": desk.csrf, "intitule": "vendeuse en boulangerie", "commune": "Arras", "contrat": "CDI",
                "debut": "", "experience": "D", "postes": "3", "entreprise": "Boulangerie du banc", "taille": "0-9",
                "marcheCache": "1", "action": "chercher"}
        body, *_ = desk.request("/bureau/offres/nouvelle", form)
        codes = sorted(set(re.findall(r'name="(c_\d+)"', body)))
        saved = {**form, "action": "enregistrer", codes[0]: "E", codes[1]: "S", "p_0": "S"}
        _, _, _, url = desk.request("/bureau/offres/nouvelle", saved)
        offer = urllib.parse.urlparse(url).path
        body, *_ = desk.request(offer + "/preselection")
        candidates = re.findall(r'name="candidat" value="([^"]+)"', body)[:3]
        _, _, _, url = desk.request(offer + "/propositions", {"_csrf": desk.csrf, "candidat": candidates})
        sending = urllib.parse.urlparse(url)
        body, *_ = desk.request(offer)
        proposal = re.search(r'/bureau/propositions/(\d+)/suivi', body).group(1)
        desk.request(f"/bureau/propositions/{proposal}/suivi", {"_csrf": desk.csrf, "statut": "entretien", "date": time.strftime("%Y-%m-%d")})

        pages = [
            ("Offres", "/bureau", None),
            ("Nouvelle offre (formulaire)", "/bureau/offres/nouvelle", None),
            ("Nouvelle offre : chercher le métier", "/bureau/offres/nouvelle", form),
            ("Offre et suivi", offer, None),
            ("Présélection (20)", offer + "/preselection", None),
            ("Présélection (100)", offer + "/preselection?nombre=100", None),
            ("Presque qualifiés", offer + "/preselection?proches=1", None),
            ("Envoi à l'employeur", sending.path + "?" + sending.query, None),
            ("Envoi en CSV", offer + "/envoi.csv?" + sending.query, None),
            ("Candidat", "/bureau/candidat?id=" + urllib.parse.quote(candidates[0], safe=""), None),
            ("Bilan mensuel", "/bureau/bilan?mois=" + time.strftime("%Y-%m"), None),
        ]
        results = []
        for name, path, data in pages:
            server_ms, wall_ms = [], []
            for _ in range(args.repeat):
                _, s, w, _ = desk.request(path, data)
                server_ms.append(s)
                wall_ms.append(w)
            server_ms.sort()
            wall_ms.sort()
            p95 = lambda xs: xs[min(len(xs) - 1, int(round(0.95 * (len(xs) - 1))))]
            results.append({"page": name, "serverMedianMs": statistics.median(server_ms), "serverP95Ms": p95(server_ms),
                            "clientMedianMs": statistics.median(wall_ms), "clientP95Ms": p95(wall_ms)})
    finally:
        server.terminate()
        server.wait()
        os.unlink(log.name)

    if args.json:
        print(json.dumps({"store": os.path.basename(args.db), "startup": startup, "repeat": args.repeat, "pages": results}, indent=2, ensure_ascii=False))
        return
    fr = lambda x: f"{x:.1f}".replace(".", ",")
    print(startup)
    print(f"{'Page':40} {'serveur médiane':>16} {'serveur p95':>12} {'client médiane':>15}   (ms, {args.repeat} requêtes)")
    for r in results:
        print(f"{r['page']:40} {fr(r['serverMedianMs']):>16} {fr(r['serverP95Ms']):>12} {fr(r['clientMedianMs']):>15}")
    worst = max(r["serverP95Ms"] for r in results)
    print(f"Page la plus lente (p95 serveur) : {fr(worst)} ms — objectif ≤ 200 ms : {'atteint' if worst <= 200 else 'NON atteint'}")


if __name__ == "__main__":
    main()
