"""The desk walked in headless Chromium as an assistant walks it (run by scripts/browser-tests.sh).

Sign in; enter the Arras boulangerie offer from the words « vendeuse en boulangerie »; get its shortlist;
propose three candidates; record an interview and a hire; the month's bilan shows one mise à l'emploi.
Also: a candidate whose id is a script is shown as text; a POST without the CSRF token is refused; an
assistant of another platform gets 404 on the offer and on its candidates; axe finds no serious or
critical violation on any page; every page is saved as a screenshot.
"""

import datetime
import os
import sys
import urllib.parse

from axe_selenium_python import Axe
from selenium import webdriver
from selenium.common.exceptions import NoAlertPresentException, WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select, WebDriverWait

BASE = os.environ["DESK_URL"]
SHOTS = os.environ["DESK_SCREENSHOTS"]
PASSWORD = os.environ["DESK_PASSWORD"]
TODAY = datetime.date.today()

failures = []
pages_checked = []


def check(condition, message):
    if not condition:
        failures.append(message)
        print("ÉCHEC :", message, file=sys.stderr)


def open_browser():
    options = webdriver.ChromeOptions()
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1280,1800", "--lang=fr-FR"):
        options.add_argument(argument)
    options.binary_location = "/usr/bin/chromium"
    service = webdriver.ChromeService(executable_path="/usr/bin/chromedriver")
    driver = webdriver.Chrome(options=options, service=service)
    driver.set_script_timeout(60)
    driver.set_page_load_timeout(60)
    driver.implicitly_wait(10)   # elements looked for are waited for, on a loaded machine too
    return driver


def click_and_wait(driver, element):
    """Clicks a link or a submit button and waits for the next page to replace this one, then to load.
    (Chromium reports the old page's element as stale in more than one way: any error means it is gone.)"""
    page = driver.find_element(By.TAG_NAME, "html")
    element.click()

    def replaced(_):
        try:
            page.is_enabled()
            return False
        except WebDriverException:
            return True

    WebDriverWait(driver, 30).until(replaced)
    WebDriverWait(driver, 30).until(lambda d: d.execute_script("return document.readyState") == "complete")


def audit(driver, name):
    """Screenshot, then axe: no serious or critical violation; the page says it is French."""
    driver.save_screenshot(os.path.join(SHOTS, f"{len(pages_checked) + 1:02d}-{name}.png"))
    axe = Axe(driver)
    axe.inject()
    results = axe.run()
    bad = [v for v in results["violations"] if v.get("impact") in ("serious", "critical")]
    for v in bad:
        targets = [n["target"] for n in v["nodes"][:3]]
        failures.append(f"{name}: axe {v['impact']} {v['id']} — {v['help']} — {targets}")
    check(driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "fr", f"{name}: lang=fr missing")
    pages_checked.append(name)


def no_alert(driver, where):
    try:
        driver.switch_to.alert
        failures.append(f"{where}: a script ran (alert shown)")
    except NoAlertPresentException:
        pass


def sign_in(driver, login):
    driver.get(BASE + "/bureau")
    check("/bureau/connexion" in driver.current_url, "an anonymous visit is not sent to the sign-in page")
    driver.find_element(By.ID, "identifiant").send_keys(login)
    driver.find_element(By.ID, "motDePasse").send_keys(PASSWORD)
    click_and_wait(driver, driver.find_element(By.CSS_SELECTOR, "form button[type=submit]"))
    check(driver.find_element(By.TAG_NAME, "h1").text == "Offres de la plateforme", f"{login}: not signed in")


def sign_out(driver):
    click_and_wait(driver, driver.find_element(By.CSS_SELECTOR, "form.compte button"))


def post_without_token(driver, path, body):
    """A POST from the page's own origin, with the session cookie but no CSRF field: its status."""
    return driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "fetch(arguments[0], {method: 'POST', credentials: 'same-origin', redirect: 'manual',"
        " headers: {'Content-Type': 'application/x-www-form-urlencoded'}, body: arguments[1]})"
        ".then(r => done(r.status)).catch(e => done(String(e)));", path, body)


def main():
    driver = open_browser()
    try:
        # Sign-in page, and a wrong password.
        driver.get(BASE + "/bureau")
        audit(driver, "connexion")
        driver.find_element(By.ID, "identifiant").send_keys("claire")
        driver.find_element(By.ID, "motDePasse").send_keys("pas le bon mot de passe")
        click_and_wait(driver, driver.find_element(By.CSS_SELECTOR, "form button[type=submit]"))
        check("Identifiant ou mot de passe incorrect" in driver.page_source, "a wrong password is not refused in words")
        body = driver.find_element(By.TAG_NAME, "body")
        body.send_keys(Keys.TAB)
        check(driver.switch_to.active_element.get_attribute("class") == "evitement", "the skip link is not the first stop of the keyboard")

        sign_in(driver, "claire")
        audit(driver, "offres")

        # The phoned-in offer, from the employer's words.
        click_and_wait(driver, driver.find_element(By.LINK_TEXT, "Saisir une nouvelle offre"))
        audit(driver, "offre-nouvelle")
        driver.find_element(By.ID, "intitule").send_keys("vendeuse en boulangerie")
        driver.find_element(By.ID, "commune").send_keys("Arras")
        click_and_wait(driver, driver.find_element(By.CSS_SELECTOR, "button[value=chercher]"))
        chosen = driver.find_element(By.CSS_SELECTOR, "input[name=appellation]:checked")
        label = driver.find_element(By.CSS_SELECTOR, f"label[for='{chosen.get_attribute('id')}']").text
        check("boulangerie" in label.lower() and "D1106" in label, f"the first appellation is not the boulangerie one: {label}")
        rows = driver.find_elements(By.CSS_SELECTOR, "#competences tbody tr")
        check(len(rows) >= 5, f"the checklist has {len(rows)} competences")
        rows[0].find_element(By.CSS_SELECTOR, "input[value=E]").click()
        rows[1].find_element(By.CSS_SELECTOR, "input[value=S]").click()
        audit(driver, "offre-nouvelle-metier")
        Select(driver.find_element(By.ID, "contrat")).select_by_value("CDI")
        driver.find_element(By.ID, "debut").send_keys((TODAY + datetime.timedelta(days=14)).strftime("%d/%m/%Y"))
        Select(driver.find_element(By.ID, "experience")).select_by_value("D")
        postes = driver.find_element(By.ID, "postes")
        postes.clear()
        postes.send_keys("2")
        driver.find_element(By.ID, "entreprise").send_keys("Boulangerie Lefebvre")
        Select(driver.find_element(By.ID, "taille")).select_by_value("0-9")
        driver.find_element(By.ID, "marcheCache").click()
        # First without the size band: the error names the field, the values stay.
        Select(driver.find_element(By.ID, "taille")).select_by_value("")
        click_and_wait(driver, driver.find_element(By.CSS_SELECTOR, "button[value=enregistrer]"))
        check("Taille de l'entreprise" in driver.find_element(By.ID, "erreurs").text, "a missing size band is not reported")
        check(driver.find_element(By.ID, "entreprise").get_attribute("value") == "Boulangerie Lefebvre", "the form lost its values")
        audit(driver, "offre-nouvelle-erreurs")
        Select(driver.find_element(By.ID, "taille")).select_by_value("0-9")
        click_and_wait(driver, driver.find_element(By.CSS_SELECTOR, "button[value=enregistrer]"))
        check("L'offre est enregistrée" in driver.page_source, "the offer was not saved")
        offer_url = driver.current_url.split("?")[0]
        check("2 ouverts sur 2" in driver.page_source, "the offer does not show its two open posts")
        audit(driver, "offre")

        # Its shortlist; three candidates proposed.
        click_and_wait(driver, driver.find_element(By.LINK_TEXT, "Voir la présélection"))
        shortlist_url = driver.current_url
        audit(driver, "preselection")
        boxes = driver.find_elements(By.CSS_SELECTOR, "input[name=candidat]")
        check(len(boxes) >= 3, f"the shortlist offers {len(boxes)} candidates to propose")
        proposed = [b.get_attribute("value") for b in boxes[:3]]
        for box in boxes[:3]:
            box.click()
        click_and_wait(driver, driver.find_element(By.LINK_TEXT, "Voir qui remplirait les conditions si l'on assouplissait une exigence"))
        check("Presque qualifiés" in driver.page_source, "the near misses are not shown")
        audit(driver, "preselection-proches")
        driver.get(shortlist_url)
        for box in driver.find_elements(By.CSS_SELECTOR, "input[name=candidat]")[:3]:
            if not box.is_selected():
                box.click()
        click_and_wait(driver, driver.find_element(By.XPATH, "//button[contains(., 'Proposer les candidats cochés')]"))
        sent = driver.find_element(By.CLASS_NAME, "document-employeur").text
        for candidate in proposed:
            check(candidate in sent, f"{candidate} is missing from what is sent to the employer")
        for word in ("RQTH", "RSA", "QPV", "longue durée", "senior", "jeune", "Score", "examinés", "prioritaire"):
            check(word not in sent, f"what is sent to the employer shows « {word} »")
        check("Proch'emploi Arras" in sent and "03 21 00 00 00" in sent, "the platform is not named on what is sent")
        audit(driver, "envoi")

        # Interview, then hire, for the first one.
        driver.get(offer_url)
        form = driver.find_element(By.CSS_SELECTOR, "form.suivi")
        Select(form.find_element(By.NAME, "statut")).select_by_value("entretien")
        click_and_wait(driver, form.find_element(By.CSS_SELECTOR, "button"))
        check("Le suivi est enregistré" in driver.page_source, "the interview was not recorded")
        form = driver.find_element(By.CSS_SELECTOR, "form.suivi")
        Select(form.find_element(By.NAME, "statut")).select_by_value("embauche")
        click_and_wait(driver, form.find_element(By.CSS_SELECTOR, "button"))
        check("1 ouvert sur 2" in driver.page_source, "a hire did not lower the open posts")
        history = driver.find_element(By.CLASS_NAME, "historique").text
        check("embauché" in history and "entretien" in history, f"the timeline misses a step: {history}")
        audit(driver, "offre-suivi")

        # The month's bilan.
        driver.get(BASE + "/bureau/bilan?mois=" + TODAY.strftime("%Y-%m"))
        hires = driver.find_element(By.XPATH, "//th[contains(., 'mises à l') and contains(., 'emploi grâce')]/following-sibling::td").text
        check(hires == "1", f"the bilan shows {hires} mises à l'emploi")
        proposals = driver.find_element(By.XPATH, "//th[contains(., 'candidatures proposées')]/following-sibling::td").text
        check(proposals == "3", f"the bilan shows {proposals} candidatures proposées")
        check("Indicateurs non calculés" in driver.page_source, "the bilan does not list what it cannot compute")
        audit(driver, "bilan")

        # A candidate's page; the candidate whose id is a script.
        driver.get(BASE + "/bureau/candidat?id=" + urllib.parse.quote(proposed[0], safe=""))
        check("vendeuse en boulangerie" in driver.page_source, "the candidate page does not list the proposal")
        audit(driver, "candidat")
        script_id = "<script>alert(1)</script>"
        driver.get(BASE + "/bureau/candidat?id=" + urllib.parse.quote(script_id, safe=""))
        no_alert(driver, "candidate page")
        check(driver.find_element(By.TAG_NAME, "h1").text == "Candidat " + script_id, "the script id is not shown as text")
        audit(driver, "candidat-script")

        # A POST without the CSRF token is refused, and changes nothing.
        status = post_without_token(driver, urllib.parse.urlparse(offer_url).path + "/statut", "statut=annulee")
        check(status == 403, f"a POST without the CSRF token answered {status}")
        driver.get(offer_url)
        check("Annuler l'offre" in driver.page_source, "the offer was cancelled by a POST without token")

        # Another platform: 404 on the offer, its shortlist and its candidates.
        sign_out(driver)
        sign_in(driver, "lea")
        for path in (offer_url, offer_url + "/preselection"):
            driver.get(path)
            check(driver.find_element(By.TAG_NAME, "h1").text == "Page introuvable", f"lea sees {path}")
        for candidate in proposed:
            driver.get(BASE + "/bureau/candidat?id=" + urllib.parse.quote(candidate, safe=""))
            check(driver.find_element(By.TAG_NAME, "h1").text == "Page introuvable", f"lea sees candidate {candidate}")
        audit(driver, "autre-plateforme-404")
    finally:
        driver.quit()

    print(f"{len(pages_checked)} pages vérifiées (axe, capture) : {', '.join(pages_checked)}")
    if failures:
        print(f"{len(failures)} échec(s) :", file=sys.stderr)
        for f in failures:
            print(" -", f, file=sys.stderr)
        sys.exit(1)
    print("Parcours du bureau : tout est conforme.")


if __name__ == "__main__":
    main()
