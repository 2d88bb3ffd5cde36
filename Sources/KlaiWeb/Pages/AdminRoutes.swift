import KlaiHTTP

/// Registers every admin page collection (one line in `KlaiWeb.register(on:)` for the whole admin area).
struct AdminRoutes {
    let web: KlaiWeb

    func register(on router: inout Router) {
        AdminPages(web: web).register(on: &router)
        AdminPeoplePages(web: web).register(on: &router)
        AdminPersonPages(web: web).register(on: &router)
        AdminClassPages(web: web).register(on: &router)
        AdminRosterPages(web: web).register(on: &router)
        AdminContentPages(web: web).register(on: &router)
        AdminJobPages(web: web).register(on: &router)
        AdminSystemPages(web: web).register(on: &router)
        AdminTrafficPages(web: web).register(on: &router)
        AdminSettingsPages(web: web).register(on: &router)
        AdminCatalogPages(web: web).register(on: &router)
        AdminCatalogImportPages(web: web).register(on: &router)
    }
}
