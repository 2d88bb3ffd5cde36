/// Every `klai` command. Add a command by writing `NameCommand.swift` and listing it here.
enum CommandRegistry {
    static let commands: [any Command.Type] = [
        ServeCommand.self,
        FilesCommand.self,
        TrafficVerifyCommand.self,
        TrafficExportCommand.self,
        DemoCommand.self,
        BackupCommand.self,
        RestoreCommand.self,
        InstallCommand.self,
        AdminCreateCommand.self,
        TranscodeCommand.self,
        ProbeCommand.self,
        SchoolsAddCommand.self,
        SchoolsListCommand.self,
        RosterImportCommand.self,
        UsersAddCommand.self,
        UsersListCommand.self,
        UsersResetPasswordCommand.self,
        UsersGrantCommand.self,
        UsersRevokeCommand.self,
        EventsCheckCommand.self,
        EvaluationRefreshCommand.self,
        AuditCommand.self,
        CatalogImportCommand.self,
        CatalogExportCommand.self,
        CatalogSearchCommand.self,
        CatalogTodayCommand.self,
        JobsCommand.self,
        LiveAddCommand.self,
        LiveListCommand.self,
        LiveRemoveCommand.self,
        LiveStatusCommand.self,
        IngestCommand.self,
        VersionCommand.self,
        HelpCommand.self,
        BenchStoreCommand.self
    ]

    /// The command whose name is the longest prefix of `words`, and how many words it used.
    static func match(_ words: [String]) -> (command: any Command.Type, length: Int)? {
        commands
            .filter { words.starts(with: $0.spec.name) }
            .max { $0.spec.name.count < $1.spec.name.count }
            .map { ($0, $0.spec.name.count) }
    }

    /// Commands whose name starts with `prefix` (for `klai traffic` alone: list its subcommands).
    static func group(_ prefix: [String]) -> [any Command.Type] {
        commands.filter { $0.spec.name.starts(with: prefix) && $0.spec.name.count > prefix.count }
    }
}
