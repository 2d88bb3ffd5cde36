import Foundation

extension InstallPlan {
    /// `/etc/klai/klai.conf`, in the format `ConfigurationFile` reads.
    var configurationText: String {
        """
        # Klai's configuration, written by 'klai install'. Running it again keeps the values below.
        # One 'key = value' a line. A flag (--port) or environment variable (KLAI_PORT) overrides a value here.

        # The library: Klai.sqlite, Media/ and traffic/. Owned by the \(user) user, not world-readable.
        data = \(dataFolder)
        # Reference data shipped with Klai: grades, channels, terms, timetable.
        catalog = \(catalogFolder)
        # Where Klai listens: 0.0.0.0 serves the school LAN; 127.0.0.1 when the nginx TLS front does.
        bind = \(bind)
        port = \(port)
        # Nightly backups by klai-backup.timer: klai-YYYY-MM-DD.sqlite, 7 daily and 4 weekly kept.
        backup_folder = \(backupFolder)
        # The TLS front whose forwarded client address Klai believes; empty when clients reach Klai directly.
        trusted_proxy =\(trustedProxy.map { " " + $0 } ?? "")

        """
    }

    /// Sandboxing shared by the server and the backup job (systemd.exec(5)): the whole file system read-only
    /// except the library and the backups, no privilege gain, no devices, kernel tunables or other homes.
    private var hardening: String {
        """
        User=\(user)
        Group=\(user)
        UMask=0027
        NoNewPrivileges=yes
        ProtectSystem=strict
        ReadWritePaths=\(dataFolder) \(backupFolder)
        ProtectHome=yes
        PrivateTmp=yes
        PrivateDevices=yes
        ProtectKernelTunables=yes
        ProtectKernelModules=yes
        ProtectKernelLogs=yes
        ProtectControlGroups=yes
        ProtectClock=yes
        ProtectHostname=yes
        RestrictNamespaces=yes
        RestrictRealtime=yes
        RestrictSUIDSGID=yes
        LockPersonality=yes
        RemoveIPC=yes
        RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6
        SystemCallArchitectures=native
        CapabilityBoundingSet=
        """
    }

    /// `klai.service`: the server, started at boot and again after a crash or a power cut.
    var serverUnit: String {
        """
        [Unit]
        Description=Klai distance-learning media and lessons server
        After=network-online.target
        Wants=network-online.target

        [Service]
        Type=simple
        ExecStart=\(binary) serve --config \(configurationFile)
        Restart=always
        RestartSec=2
        # SIGTERM lets requests in flight finish and flushes the traffic log (at most 10 s of draining).
        TimeoutStopSec=30
        LimitNOFILE=65536
        \(hardening)

        [Install]
        WantedBy=multi-user.target

        """
    }

    /// `klai-backup.service`: one checked, rotated backup, run by the timer.
    var backupUnit: String {
        """
        [Unit]
        Description=Klai backup of the library's database (checked, rotated)

        [Service]
        Type=oneshot
        ExecStart=\(binary) backup --config \(configurationFile) --rotate \(backupFolder)
        Nice=10
        IOSchedulingClass=idle
        \(hardening)

        """
    }

    /// `klai-backup.timer`: nightly, and at the next boot when the box was off at that hour (`Persistent=`).
    var backupTimer: String {
        """
        [Unit]
        Description=Nightly Klai backup

        [Timer]
        OnCalendar=*-*-* 02:30:00
        RandomizedDelaySec=10min
        Persistent=true

        [Install]
        WantedBy=timers.target

        """
    }

    /// The nginx site of the TLS front: HTTPS on 443 proxied to Klai on loopback, port 80 redirected.
    var nginxSiteText: String {
        """
        # Klai behind nginx on the school LAN, written by 'klai install --tls'.
        server {
            listen 80 default_server;
            listen [::]:80 default_server;
            return 301 https://$host$request_uri;
        }

        server {
            listen 443 ssl default_server;
            listen [::]:443 ssl default_server;
            ssl_certificate \(certificate);
            ssl_certificate_key \(certificateKey);
            ssl_protocols TLSv1.2 TLSv1.3;
            ssl_session_cache shared:klai:10m;
            # Videos of several GB are uploaded through here: no size cap, streamed to Klai as they arrive.
            client_max_body_size 0;

            location / {
                proxy_pass http://127.0.0.1:\(port);
                proxy_http_version 1.1;
                proxy_set_header Connection "";
                proxy_set_header Host $host;
                # Replaces whatever the client sent: Klai trusts this one hop only (trusted_proxy).
                proxy_set_header X-Forwarded-For $remote_addr;
                proxy_set_header X-Real-IP $remote_addr;
                proxy_set_header X-Forwarded-Proto https;
                proxy_request_buffering off;
                proxy_buffering off;
                proxy_read_timeout 1h;
                proxy_send_timeout 1h;
            }
        }

        """
    }
}
