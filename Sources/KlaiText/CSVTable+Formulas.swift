extension CSVTable {
    /// First characters that make a spreadsheet read a cell as a formula (OWASP "CSV Injection"):
    /// `=`, `+`, `-`, `@`, TAB and CR.
    static let formulaStarts: Set<Character> = ["=", "+", "-", "@", "\t", "\r"]

    /// `text` made safe to open in a spreadsheet: a cell that would start a formula gets a leading `'`,
    /// which spreadsheets show as text and do not evaluate. A cell that already is quotes followed by such
    /// a character gets one more, so that `unguardedFormula` gives back exactly what was written.
    public static func guardedFormula(_ text: String) -> String {
        startsFormulaAfterQuotes(text) ? "'" + text : text
    }

    /// The cell as it was before `guardedFormula`: one leading `'` before (quotes and) a formula character is removed.
    public static func unguardedFormula(_ text: String) -> String {
        text.first == "'" && startsFormulaAfterQuotes(text) ? String(text.dropFirst()) : text
    }

    /// Whether `text`, after any leading `'`, starts with a formula character.
    private static func startsFormulaAfterQuotes(_ text: String) -> Bool {
        text.drop { $0 == "'" }.first.map(formulaStarts.contains) ?? false
    }
}
