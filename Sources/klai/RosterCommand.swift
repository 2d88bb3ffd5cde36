import Foundation
import KlaiLearning
import KlaiStore

/// `klai roster import FILE --school CODE --year 2569`.
enum RosterImportCommand: Command {
    static let spec = CommandSpec(
        name: ["roster", "import"], summary: "Import a school's pupil list (DMC export, CSV) for an academic year.",
        arguments: "FILE",
        discussion: """
            FILE is CSV in UTF-8, UTF-8 with BOM, or Windows-874/TIS-620 (detected; an ambiguous file is refused).
            Columns are found by their header, in Thai or English: เลขประจำตัวนักเรียน, เลขประจำตัวประชาชน,
            คำนำหน้าชื่อ, ชื่อ, นามสกุล, เพศ, วันเกิด, ชั้น, ห้อง. Birth dates may be พ.ศ. or ค.ศ.
            The file is the school's whole list: pupils missing from it are marked as having left (their
            history is kept). Nothing is imported when any row has a problem; every problem is listed.
            Importing the same file again changes nothing.
            """,
        options: LibraryLocation.options + [
            OptionSpec("school", value: "CODE", help: "The school's 10-digit code."),
            OptionSpec("year", value: "YEAR", help: "Academic year, Buddhist (2569) or Gregorian (2026)."),
            OptionSpec("dry-run", help: "Check the file and show what would change, without changing anything.")
        ],
        positionalCount: 1...1)

    static func run(_ invocation: Invocation) throws -> Int32 {
        guard let code = invocation.value("school") else { throw UsageError(spec: spec, problem: "--school CODE is required") }
        guard let year = try invocation.integer("year", in: 2000...3000) else { throw UsageError(spec: spec, problem: "--year YEAR is required") }
        guard let data = FileManager.default.contents(atPath: invocation.positionals[0]) else {
            printError("klai roster import: cannot read \(invocation.positionals[0])")
            return 1
        }
        guard let store = try LearningCommandSupport.openExisting(invocation, command: "roster import") else { return 1 }
        let file: RosterFile
        do {
            file = try RosterFile(bytes: Array(data))
        } catch {
            printError("klai roster import: \(error)")
            return 1
        }
        let dryRun = invocation.flag("dry-run")
        let operatorName = LearningCommandSupport.operatorName
        let report: RosterImport.Report
        do {
            report = try store.writeSync { db -> RosterImport.Report in
                let school = try LearningCommandSupport.school(db, code: code, spec: spec)
                let report = try RosterImport.apply(file, to: db, schoolID: school, year: year, actor: nil)
                try AuditLog.record(db, actor: nil, action: "roster.import.operator", target: "school:\(code)", detail: operatorName)
                // A dry run does all the work and then throws, so the transaction rolls back.
                if dryRun { throw DryRunResult(report: report) }
                return report
            }
        } catch let dry as DryRunResult {
            print(dry)
            return 0
        }
        print("imported: \(report)")
        return 0
    }
}

/// Carries a dry run's report out of the rolled-back transaction.
struct DryRunResult: Error, CustomStringConvertible {
    let report: RosterImport.Report
    var description: String { "dry run, nothing changed; the import would do: \(report)" }
}
