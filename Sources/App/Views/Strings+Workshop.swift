import Foundation

/// The service workshop's strings (issue 19), in bokmål, English and nynorsk like the rest of
/// the staff workspace.
extension Strings {
    var workshop: String { s("Tjenesteverkstedet", "Service workshop", nn: "Tenesteverkstaden") }
    var backToServices: String { s("Tilbake til tjenestene", "Back to the services", nn: "Tilbake til tenestene") }
    var workshopLink: String {
        s(
            "Lag en ny tjeneste i tjenesteverkstedet", "Make a new service in the service workshop",
            nn: "Lag ei ny teneste i tenesteverkstaden")
    }
    var publishedShort: String {
        s(
            "Tjenesten er publisert i katalogen.", "The service is published in the catalogue.",
            nn: "Tenesta er publisert i katalogen.")
    }
    var workshopIntro: String {
        s(
            "Her lager kommunen sin egen tjeneste som data: skjemaet med steg og vilkår, brevene og reglene. Start fra bunnen av eller med en kopi av en tjeneste i katalogen, forhåndsvis den slik innbyggerne ser den, og publiser den i katalogen når kontrollen er grønn. docs/SERVICES.md beskriver hver nøkkel.",
            "Here the municipality makes its own service as data: the form with steps and conditions, the letters and the rules. Start from scratch or with a copy of a catalogue service, preview it as citizens see it, and publish it to the catalogue when the check passes. docs/SERVICES.md describes every key.",
            nn:
                "Her lagar kommunen si eiga teneste som data: skjemaet med steg og vilkår, breva og reglane. Start frå botnen av eller med ein kopi av ei teneste i katalogen, førehandsvis henne slik innbyggjarane ser henne, og publiser henne i katalogen når kontrollen er grøn. docs/SERVICES.md skildrar kvar nøkkel."
        )
    }
    var workshopDrafts: String { s("Utkast", "Drafts") }
    var workshopNoDrafts: String {
        s(
            "Kommunen har ingen utkast i verkstedet.", "The municipality has no drafts here.",
            nn: "Kommunen har ingen utkast i verkstaden.")
    }
    var workshopUnnamed: String { s("Utkast uten id", "Draft without an id", nn: "Utkast utan id") }
    func workshopChangedBy(_ date: String, _ who: String) -> String {
        s("Sist endret \(date) av \(who).", "Last changed \(date) by \(who).", nn: "Sist endra \(date) av \(who).")
    }
    var workshopNew: String {
        s("Ny tjeneste fra bunnen av", "A new service from scratch", nn: "Ny teneste frå botnen av")
    }
    var workshopCopy: String {
        s("Kopi av en tjeneste i katalogen", "A copy of a catalogue service", nn: "Kopi av ei teneste i katalogen")
    }
    var workshopIDLabel: String { s("Id", "Id") }
    var workshopIDHint: String {
        s(
            "Tjenestens korte navn i adresser og arkiv: små bokstaver a–z, sifre og bindestrek, 2–40 tegn, for eksempel «gravearbeid».",
            "The service's short name in addresses and the archive: lower-case a–z, digits and hyphens, 2–40 characters, such as “gravearbeid”.",
            nn:
                "Det korte namnet til tenesta i adresser og arkiv: små bokstavar a–z, siffer og bindestrek, 2–40 teikn, til dømes «gravearbeid»."
        )
    }
    var workshopCopyIDHint: String {
        s(
            "Kopien får en egen id. Gir kommunen selv ut tjenesten, kan du beholde id-en: da blir det neste versjon av den.",
            "The copy gets its own id. If the municipality publishes the service itself, keep the id: that makes its next version.",
            nn:
                "Kopien får ein eigen id. Gir kommunen sjølv ut tenesta, kan du halde på id-en: då blir det neste versjon av henne."
        )
    }
    var workshopTitle: String { s("Navn på tjenesten", "Name of the service", nn: "Namn på tenesta") }
    var workshopTitleHint: String {
        s(
            "Slik innbyggerne ser det, for eksempel «Søknad om gravetillatelse».", "As citizens see it.",
            nn: "Slik innbyggjarane ser det, til dømes «Søknad om graveløyve».")
    }
    var workshopSource: String { s("Tjenesten du kopierer", "The service to copy", nn: "Tenesta du kopierer") }
    var workshopSourceHint: String {
        s(
            "Skjema, brev og regelfil kopieres; kommunens egne deler (kontakt, signatur) settes når tjenesten tas i bruk.",
            "Form, letters and rules file are copied; the municipality's own parts are set when the service is adopted.",
            nn:
                "Skjema, brev og regelfil blir kopierte; dei eigne delane til kommunen (kontakt, signatur) blir sette når tenesta blir teken i bruk."
        )
    }
    func workshopSourceOption(_ title: String, _ id: String, _ version: Int, _ publisher: String) -> String {
        s("\(title) (\(id), versjon \(version), \(publisher))", "\(title) (\(id), version \(version), \(publisher))")
    }
    var workshopStartBlank: String { s("Lag tjenesten", "Make the service", nn: "Lag tenesta") }
    var workshopStartCopy: String { s("Lag kopien", "Make the copy") }
    var workshopChooseSource: String {
        s("Velg tjenesten du vil kopiere.", "Choose the service to copy.", nn: "Vel tenesta du vil kopiere.")
    }
    func workshopOthersID(_ publisher: String) -> String {
        s(
            "Tjenesten gis ut av \(publisher): gi kopien en egen id.",
            "\(publisher) publishes that service: give the copy its own id.",
            nn: "Tenesta blir gitt ut av \(publisher): gi kopien ein eigen id.")
    }
    var workshopIDRules: String {
        s(
            "Skriv en id med 2–40 små bokstaver a–z, sifre og bindestrek, som begynner med en bokstav.",
            "Write an id of 2–40 lower-case letters a–z, digits and hyphens, starting with a letter.",
            nn: "Skriv ein id med 2–40 små bokstavar a–z, siffer og bindestrek, som byrjar med ein bokstav.")
    }
    func workshopIDTaken(_ id: String) -> String {
        s(
            "Katalogen har allerede en tjeneste med id «\(id)». Velg en annen id.",
            "The catalogue already has a service with the id “\(id)”. Choose another id.",
            nn: "Katalogen har alt ei teneste med id «\(id)». Vel ein annan id.")
    }
    var workshopTitleMissing: String {
        s("Skriv navnet på tjenesten.", "Write the name of the service.", nn: "Skriv namnet på tenesta.")
    }
    func workshopCopiedFrom(_ title: String, _ version: Int, _ publisher: String) -> String {
        s(
            "Første versjon, bygd på «\(title)» versjon \(version) fra \(publisher).",
            "First version, built on “\(title)” version \(version) from \(publisher).",
            nn: "Første versjon, bygd på «\(title)» versjon \(version) frå \(publisher).")
    }
    var workshopFirstVersion: String { s("Første versjon.", "First version.") }
    var workshopRulesTooLarge: String {
        s(
            "Regelfila er større enn 1 MB. Velg en mindre fil.",
            "The rules file is larger than 1 MB. Choose a smaller file.",
            nn: "Regelfila er større enn 1 MB. Vel ei mindre fil.")
    }
    var workshopRulesNotDMN: String {
        s(
            "Velg en DMN-fil (.dmn, tekst i UTF-8), for eksempel lagret fra Camunda Modeler.",
            "Choose a DMN file (.dmn, UTF-8 text), for example saved from Camunda Modeler.",
            nn: "Vel ei DMN-fil (.dmn, tekst i UTF-8), til dømes lagra frå Camunda Modeler.")
    }
    var workshopChooseRulesFile: String {
        s("Velg regelfila du vil laste opp.", "Choose the rules file to upload.", nn: "Vel regelfila du vil laste opp.")
    }
    var workshopTooManyFiles: String {
        s(
            "En tjeneste kan ha høyst 10 filer. Fjern en først.",
            "A service can have at most 10 files. Remove one first.",
            nn: "Ei teneste kan ha høgst 10 filer. Fjern ei først.")
    }
    var workshopCannotPublish: String {
        s(
            "Tjenesten kan ikke publiseres ennå", "The service cannot be published yet",
            nn: "Tenesta kan ikkje publiserast enno")
    }
    var workshopSaved: String { s("Lagret og kontrollert.", "Saved and checked.", nn: "Lagra og kontrollert.") }
    var workshopUploaded: String {
        s("Regelfila er lastet opp.", "The rules file is uploaded.", nn: "Regelfila er lasta opp.")
    }
    var workshopBack: String {
        s("Tilbake til tjenesteverkstedet", "Back to the service workshop", nn: "Tilbake til tenesteverkstaden")
    }
    var versionWord: String { s("versjon", "version") }
    var workshopCheckHeading: String { s("Kontroll", "Check") }
    var workshopAllGood: String {
        s(
            "Tjenesten består katalogens kontroller og kan publiseres.",
            "The service passes the catalogue's checks and can be published.",
            nn: "Tenesta består kontrollane i katalogen og kan publiserast.")
    }
    func workshopProblemsIntro(_ n: Int) -> String {
        s(
            n == 1
                ? "Én ting må rettes før tjenesten kan publiseres:"
                : "\(n) ting må rettes før tjenesten kan publiseres:",
            n == 1 ? "One thing must be fixed before publishing:" : "\(n) things must be fixed before publishing:",
            nn: n == 1
                ? "Éin ting må rettast før tenesta kan publiserast:"
                : "\(n) ting må rettast før tenesta kan publiserast:")
    }
    var workshopPreviewLinks: String {
        s(
            "Forhåndsvis skjemaet slik innbyggerne ser det:", "Preview the form as citizens see it:",
            nn: "Førehandsvis skjemaet slik innbyggjarane ser det:")
    }
    func workshopPreviewIn(_ language: String) -> String { s("på \(language)", "in \(language)") }
    var workshopFilesHeading: String { s("Filene", "The files") }
    var workshopYamlHint: String {
        s(
            "Skjemaet (felt, steg, vilkår), utfallene med brevene, frist, hjemmel og arkiv. Lagre for å få kontrollen over.",
            "The form (fields, steps, conditions), the outcomes with their letters, deadline, legal basis and archive. Save to get the check above.",
            nn:
                "Skjemaet (felt, steg, vilkår), utfalla med breva, frist, heimel og arkiv. Lagre for å få kontrollen over."
        )
    }
    func workshopRemoveFile(_ name: String) -> String { s("Fjern \(name)", "Remove \(name)") }
    func workshopAdoptNow(_ kommune: String) -> String {
        s(
            "Ta tjenesten i bruk i \(kommune) når den er publisert", "Adopt the service in \(kommune) once published",
            nn: "Ta tenesta i bruk i \(kommune) når ho er publisert")
    }
    var workshopSave: String { s("Lagre og kontroller", "Save and check") }
    var workshopSavePreview: String { s("Lagre og forhåndsvis", "Save and preview", nn: "Lagre og førehandsvis") }
    var workshopPublish: String { s("Publiser i katalogen", "Publish to the catalogue") }
    var workshopUploadHeading: String {
        s("Regelfil fra Camunda Modeler", "Rules file from Camunda Modeler", nn: "Regelfil frå Camunda Modeler")
    }
    var workshopUploadLabel: String { s("Velg en DMN-fil", "Choose a DMN file", nn: "Vel ei DMN-fil") }
    var workshopUploadHint: String {
        s(
            "DMN 1.3, høyst 1 MB. En fil med samme navn som en i utkastet erstatter den; service.yaml sier under «rules» hvilken fil og beslutning tjenesten bruker.",
            "DMN 1.3, at most 1 MB. A file with the name of one in the draft replaces it; service.yaml says under “rules” which file and decision the service uses.",
            nn:
                "DMN 1.3, høgst 1 MB. Ei fil med same namn som ei i utkastet erstattar henne; service.yaml seier under «rules» kva fil og avgjerd tenesta bruker."
        )
    }
    var workshopUploadButton: String { s("Last opp regelfila", "Upload the rules file") }
    var workshopDeleteHeading: String { s("Slett utkastet", "Delete the draft") }
    var workshopDelete: String { s("Slett utkastet", "Delete the draft") }
    var workshopFormHeading: String { s("Skjemaet", "The form") }
    var workshopOutcomesHeading: String { s("Utfall og brev", "Outcomes and letters") }
    func workshopOutcomeLine(_ label: String, _ granted: Bool, _ letter: String) -> String {
        s(
            "\(label) (\(granted ? "innvilget" : "ikke innvilget")): brevet «\(letter)»",
            "\(label) (\(granted ? "granted" : "not granted")): the letter “\(letter)”",
            nn: "\(label) (\(granted ? "innvilga" : "ikkje innvilga")): brevet «\(letter)»")
    }
    func workshopDecisionValues(_ values: [String]) -> String {
        s(
            "Vedtaket fyller ut: \(values.joined(separator: ", ")).",
            "The decision fills in: \(values.joined(separator: ", ")).")
    }
    func workshopRulesUsed(_ file: String, _ decision: String) -> String {
        s(
            "Reglene: beslutningen «\(decision)» i \(file).", "The rules: the decision “\(decision)” in \(file).",
            nn: "Reglane: avgjerda «\(decision)» i \(file).")
    }
    var workshopRulesNone: String {
        s(
            "Ingen regler: en saksbehandler avgjør hver sak.", "No rules: a caseworker decides every case.",
            nn: "Ingen reglar: ein saksbehandlar avgjer kvar sak.")
    }
    func workshopSameTitle(_ other: String) -> String {
        s(
            "Merk: tjenesten «\(other)» i katalogen har samme navn. Gi denne et eget navn (title), så innbyggere og kommuner kan skille dem.",
            "Note: the service “\(other)” in the catalogue has the same name. Give this one its own name (title), so citizens and municipalities can tell them apart.",
            nn:
                "Merk: tenesta «\(other)» i katalogen har same namn. Gi denne eit eige namn (title), så innbyggjarar og kommunar kan skilje dei."
        )
    }
    var workshopRequired: String { s("må besvares", "required", nn: "må svarast på") }

    // MARK: The preview, in the citizen's languages

    var workshopPreviewNotice: String {
        s(
            "Forhåndsvisning fra tjenesteverkstedet. Ingenting blir sendt, og filer lastes ikke opp: et vedleggsspørsmål regnes som besvart med eksempel.pdf.",
            "Preview from the service workshop. Nothing is sent and no files are uploaded: an attachment question counts as answered with eksempel.pdf.",
            nn:
                "Førehandsvising frå tenesteverkstaden. Ingenting blir sendt, og filer blir ikkje lasta opp: eit vedleggsspørsmål blir rekna som svart på med eksempel.pdf."
        )
    }
    var workshopBackToEditor: String {
        s("Tilbake til verkstedet", "Back to the workshop", nn: "Tilbake til verkstaden")
    }
    var workshopSampleTitle: String {
        s("Svarene og brevene", "The answers and the letters", nn: "Svara og breva")
    }
    var workshopAnswersHeading: String { s("Svarene", "The answers", nn: "Svara") }
    var workshopChangeAnswers: String {
        s("Gå gjennom skjemaet igjen", "Go through the form again", nn: "Gå gjennom skjemaet att")
    }
    var workshopRulesHeading: String { s("Reglene", "The rules", nn: "Reglane") }
    func workshopRulesDecide(_ label: String) -> String {
        s(
            "Reglene ville avgjort saken automatisk: \(label).",
            "The rules would decide the case automatically: \(label).",
            nn: "Reglane ville ha avgjort saka automatisk: \(label).")
    }
    var workshopRulesPerson: String {
        s(
            "Reglene avgjør ikke disse svarene: en saksbehandler ville fått saken.",
            "The rules do not decide these answers: a caseworker would get the case.",
            nn: "Reglane avgjer ikkje desse svara: ein saksbehandlar ville fått saka.")
    }
    var workshopLettersHeading: String { s("Brevene", "The letters", nn: "Breva") }
    var workshopSampleValues: String {
        s(
            "Slik blir vedtaksbrevet ved hvert utfall, med svarene over. Saksnummer, begrunnelse og verdiene saksbehandleren fyller ut (som datoer og beløp) er eksempler.",
            "The decision letter for each outcome, with the answers above. Case number, reasons and the values the caseworker fills in (such as dates and amounts) are examples.",
            nn:
                "Slik blir vedtaksbrevet ved kvart utfall, med svara over. Saksnummer, grunngiving og verdiane saksbehandlaren fyller ut (som datoar og beløp) er døme."
        )
    }
    func workshopLetterFor(_ label: String) -> String {
        s("Brev ved utfallet «\(label)»", "Letter for the outcome “\(label)”", nn: "Brev ved utfallet «\(label)»")
    }
    var workshopByRules: String { s("dette avgjør reglene", "the rules decide this", nn: "dette avgjer reglane") }
    var workshopFillFirst: String {
        s(
            "Fyll ut skjemaet i forhåndsvisningen først: brevene bygger på svarene.",
            "Fill in the form in the preview first: the letters are built on the answers.",
            nn: "Fyll ut skjemaet i førehandsvisinga først: breva byggjer på svara.")
    }
    var workshopStartPreview: String {
        s("Start forhåndsvisningen", "Start the preview", nn: "Start førehandsvisinga")
    }
    var workshopSampleReasons: String {
        s(
            "(Her står begrunnelsen saksbehandleren skriver.)", "(The caseworker's reasons go here.)",
            nn: "(Her står grunngivinga saksbehandlaren skriv.)")
    }
}
