import CFFmpeg

/// Names the calling thread for the kernel (`/proc/PID/task/TID/comm`, `top -H`; 15 characters kept).
///
/// On Linux, Foundation's `Thread.name` stays inside Foundation, so every thread shows as `klai`
/// and nobody can tell the live relay's CPU from a ladder job's (`Benchmarks/live.sh` tells them
/// apart this way). Threads a library starts from a named thread (x264's) inherit its name.
func nameCurrentThread(_ name: String) {
    klai_name_thread(name)
}
