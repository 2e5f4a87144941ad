#!/bin/sh
# The release, from the jar "mvn package" built (mvn -Prelease package runs this): a Java runtime trimmed to the
# modules btexplain uses (jlink) in jpackage's application image, with btexplain's own launcher, a class-data archive,
# the manual page and shell completion; packed as target/release/btexplain-VERSION-linux-x64.tar.gz and
# target/release/btexplain_VERSION_amd64.deb (dpkg-deb: /opt/btexplain, /usr/bin/btexplain, man and completion where
# Debian keeps them). Neither needs a JDK to run.
set -eu
version=$1
root=$(cd "$(dirname "$0")/../.." && pwd)
out=$root/target/release
rm -rf "$out"
mkdir -p "$out/input"
cp "$root/target/btexplain.jar" "$out/input/"
modules=$(jdeps --multi-release 17 --ignore-missing-deps --print-module-deps "$out/input/btexplain.jar")
jlink --add-modules "$modules" --strip-debug --no-header-files --no-man-pages --compress=2 --generate-cds-archive \
    --output "$out/runtime"
jpackage --type app-image --name btexplain --app-version "$version" --input "$out/input" --main-jar btexplain.jar \
    --runtime-image "$out/runtime" --dest "$out/image"
app=$out/image/btexplain
# btexplain's launcher instead of jpackage's: its JVM flags depend on the command, and it reads the terminal
{
    echo '#!/bin/sh'
    echo '# btexplain, as released: the bundled Java runtime runs the jar (no JDK needed).'
    echo 'set -e'
    echo 'here=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)'
    echo 'java="$here/lib/runtime/bin/java"'
    echo 'jar="$here/lib/app/btexplain.jar"'
    echo 'jsa="$here/lib/btexplain.jsa"'
    cat "$root/src/release/launch.sh"
} > "$app/bin/btexplain"
chmod 755 "$app/bin/btexplain"
rm -f "$app/lib/libapplauncher.so" "$app/lib/app/btexplain.cfg"
mkdir -p "$app/share/man/man1" "$app/share/bash-completion/completions" "$app/share/zsh/vendor-completions"
"$app/bin/btexplain" man > "$app/share/man/man1/btexplain.1"
"$app/bin/btexplain" completion bash > "$app/share/bash-completion/completions/btexplain"
"$app/bin/btexplain" completion zsh > "$app/share/zsh/vendor-completions/_btexplain"
cp "$root/README.md" "$app/"
rm -f "$app/lib/btexplain.jsa" # written by the runs above, for this folder's path: each install makes its own

tarball="btexplain-$version-linux-x64"
(cd "$out/image" && mv btexplain "$tarball" && tar -czf "$out/$tarball.tar.gz" "$tarball" && mv "$tarball" btexplain)

deb=$out/deb
mkdir -p "$deb/DEBIAN" "$deb/opt" "$deb/usr/bin" "$deb/usr/share/man/man1" "$deb/usr/share/bash-completion/completions" \
    "$deb/usr/share/zsh/vendor-completions" "$deb/usr/share/doc/btexplain"
cp -a "$app" "$deb/opt/btexplain"
ln -s /opt/btexplain/bin/btexplain "$deb/usr/bin/btexplain"
gzip -9n < "$app/share/man/man1/btexplain.1" > "$deb/usr/share/man/man1/btexplain.1.gz"
cp "$app/share/bash-completion/completions/btexplain" "$deb/usr/share/bash-completion/completions/"
cp "$app/share/zsh/vendor-completions/_btexplain" "$deb/usr/share/zsh/vendor-completions/"
cp "$root/README.md" "$deb/usr/share/doc/btexplain/"
cat > "$deb/DEBIAN/control" <<CONTROL
Package: btexplain
Version: $version
Architecture: amd64
Maintainer: btexplain <btexplain@localhost>
Installed-Size: $(du -sk "$deb" | cut -f1)
Depends: libc6, zlib1g
Recommends: gdb
Section: devel
Priority: optional
Description: explains native backtraces: what each thread does, and whether the process is idle, busy, hung, deadlocked or crashed
 Reads gdb's "thread apply all bt" (and LLDB, eu-stack, coredumpctl, sanitizer and kernel reports), explains each
 thread's role and state from knowledge checked against each program's source, and diagnoses the process, with its
 evidence. Captures live processes and cores through gdb. Bundles its own Java runtime.
CONTROL
# the class-data archive (about a third off each start) holds the jar's path, so it is made where the jar is installed:
# by postinst for the .deb, by the first run for an unpacked tarball (when its folder is writable)
cat > "$deb/DEBIAN/postinst" <<'POSTINST'
#!/bin/sh
set -e
if [ "$1" = configure ]; then
    /opt/btexplain/lib/runtime/bin/java -Xlog:disable -XX:ArchiveClassesAtExit=/opt/btexplain/lib/btexplain.jsa \
        -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -jar /opt/btexplain/lib/app/btexplain.jar --version > /dev/null || true
fi
POSTINST
cat > "$deb/DEBIAN/prerm" <<'PRERM'
#!/bin/sh
set -e
rm -f /opt/btexplain/lib/btexplain.jsa
PRERM
chmod 755 "$deb/DEBIAN/postinst" "$deb/DEBIAN/prerm"
dpkg-deb --root-owner-group --build "$deb" "$out/btexplain_${version}_amd64.deb" > /dev/null
echo "btexplain release: $out/$tarball.tar.gz, $out/btexplain_${version}_amd64.deb"
