import Foundation
import Testing

/// The corpus script's text extractors (`scripts/corpus/build_corpus.py`) on small pages in each source's
/// layout, run by the Python 3 the script runs on.
@Suite struct CorpusScriptTests {
    static let resources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("scripts/corpus").path

    /// Runs `body` (Python, with the script's functions in scope and `folder` a fresh temporary folder) and returns
    /// what it printed as JSON.
    static func python(_ body: String) throws -> [String: String] {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("corpus-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let program = """
            import json, sys
            sys.path.insert(0, \(String(reflecting: resources)))
            from build_corpus import *
            folder = \(String(reflecting: folder))
            out = {}
            \(body)
            print(json.dumps(out))
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", program]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        return try JSONDecoder().decode([String: String].self, from: data)
    }

    @Test func libreOfficePagesKeepTheirTextAndOneVariantOfEachKey() throws {
        let out = try Self.python(#"""
            page = '''<html><head><title>Find Bar</title></head><body><header id="TopLeftHeader"><p>LibreOffice 7.4 Help</p></header>
            <aside class="leftside"><div class="index-label">Index</div><input id="search-bar" type="search"></aside>
            <div id="DisplayArea"><h1>Find Bar</h1><p class="paragraph">The <span class="menuitem">Find</span> toolbar
            searches the document.</p><p>Press <span hidden="true" id="MACtext"><span class="keycode">Command</span></span><span
            hidden="true" id="defaulttext"><span class="keycode">Ctrl</span></span> + F.</p><br></div>
            <footer><p>Privacy Policy</p></footer></body></html>'''
            open(folder + "/page.html", "w").write(page)
            out["text"] = html_text(folder + "/page.html")
            """#)
        #expect(out["text"] == "Find Bar\n\nThe Find toolbar searches the document.\n\nPress Ctrl + F.")
    }

    @Test func publicanPagesDropTheirBannerAndNavigation() throws {
        let out = try Self.python(#"""
            page = '''<html><body><div id="banner"><a href="x"><span class="text">Download the ebook</span></a></div>
            <p id="title"><a href="y">The Debian Administrator's Handbook</a></p><ul class="docnav"><li><a>Prev</a></li></ul>
            <div class="section"><h2 class="title">6.3. The apt-cache Command</h2><p>The apt-cache command can display
            much of the information.</p><pre class="screen">$ apt-cache show
              indented</pre></div><ul class="docnav"><li><a>Next</a></li></ul></body></html>'''
            open(folder + "/page.html", "w").write(page)
            out["text"] = html_text(folder + "/page.html")
            """#)
        #expect(out["text"] == "6.3. The apt-cache Command\n\nThe apt-cache command can display much of the information.\n\n$ apt-cache show\nindented")
    }

    @Test func mallardPagesLeaveOutTheirInfoHeader() throws {
        let out = try Self.python(#"""
            page = '''<page xmlns="http://projectmallard.org/1.0/" type="topic" id="power">
              <info><credit type="author"><name>Phil Bull</name></credit><desc>Tips to save power.</desc></info>
              <title>Use less power</title>
              <comment><cite>Phil</cite><p>This page needs more on laptops.</p></comment>
              <p>Computers can use a lot
              of power.</p>
              <list><item><p><link xref="suspend">Suspend your computer</link> when you are not using it.</p></item></list>
            </page>'''
            open(folder + "/power.page", "w").write(page)
            out["text"] = mallard_text(folder + "/power.page")
            open(folder + "/broken.page", "w").write("<page><p>unclosed")
            out["broken"] = mallard_text(folder + "/broken.page")
            """#)
        #expect(out["text"] == "Use less power\n\nComputers can use a lot of power.\n\nSuspend your computer when you are not using it.")
        #expect(out["broken"] == "")
    }

    @Test func translationsLoseTheLinesTheirEnglishOriginalHas() throws {
        let out = try Self.python(#"""
            english = {"The apt-cache command can display much of the information stored in APT's database.", "$ apt-cache policy"}
            page = ("Der Befehl apt-cache kann einen Großteil der Informationen in der Datenbank von APT anzeigen.\n"
                    "The apt-cache command can display much of the information stored in APT's database.\n$ apt-cache policy")
            out["text"] = untranslated_removed(lambda p: page, english)("any page")
            """#)
        // The untranslated paragraph goes; the short command line (40 characters or fewer) stays.
        #expect(out["text"] == "Der Befehl apt-cache kann einen Großteil der Informationen in der Datenbank von APT anzeigen.\n$ apt-cache policy")
    }

    @Test func manualPagesLoseTheirHeaderFooterAndJustification() throws {
        let out = try Self.python(#"""
            import gzip
            page = ".TH sched 7 2023-02-05 \"Linux man-pages 6.03\"\n.SH NAME\nsched \\- overview of CPU scheduling\n" \
                   ".SH DESCRIPTION\nSince Linux 2.6.23, the default scheduler is CFS, the \\fBCompletely Fair\\fP Scheduler. " \
                   "The CFS scheduler replaced the earlier O(1) scheduler, and it keeps a red-black tree of runnable tasks " \
                   "ordered by their virtual runtime.\n"
            with gzip.open(folder + "/sched.7.gz", "wb") as f:
                f.write(page.encode())
            out["text"] = man_text(folder + "/sched.7.gz")
            """#)
        let text = try #require(out["text"])
        #expect(text.hasPrefix("NAME\nsched - overview of CPU scheduling\n\nDESCRIPTION\nSince Linux 2.6.23,"), "\(text)")
        #expect(!text.contains("  ") && !text.contains("Linux man-pages") && text.contains("Completely Fair Scheduler"), "\(text)")
    }

    @Test func filesFromADownloadedPackageAreCountedNotHashed() throws {
        let out = try Self.python(#"""
            import os
            os.makedirs(folder + "/packages/gimp-help-en/usr", exist_ok=True)
            for name in ("a.html", "b.html"):
                open(folder + "/packages/gimp-help-en/usr/" + name, "w").write(name)
            open(folder + "/loose.txt", "w").write("abc")
            record = files_record([folder + "/packages/gimp-help-en/usr/a.html", folder + "/packages/gimp-help-en/usr/b.html",
                                   folder + "/loose.txt"], folder + "/packages")
            out["unpacked"] = str(record["files unpacked from gimp-help-en"])
            out["loose"] = record[folder + "/loose.txt"]
            """#)
        #expect(out["unpacked"] == "2")
        #expect(out["loose"] == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")   // SHA-256 of "abc"
    }
}
