#!/usr/bin/env bash
# Makes a Debian 12 base image without a registry: debootstrap builds a minimal root file system
# from Debian's packages, and `podman import` turns it into an image. docker/Dockerfile's builder
# and cpu stages start from it on machines that cannot pull (BUILD_IMAGE, RUNTIME_IMAGE).
#
# usage: scripts/make-base-image.sh [IMAGE] [WORK_DIR]
#   IMAGE     the image's name (default localhost/ofql-debian:bookworm); replaced if it exists
#   WORK_DIR  where the root file system is built (default a temporary folder; removed after)
#   OFQL_DEBIAN_MIRROR  the Debian mirror (default http://deb.debian.org/debian)
# Needs root, debootstrap and podman. Prints the image's size and how long it took.
set -euo pipefail

image=${1:-localhost/ofql-debian:bookworm}
work=${2:-}
mirror=${OFQL_DEBIAN_MIRROR:-http://deb.debian.org/debian}
for tool in debootstrap podman; do
  command -v "$tool" >/dev/null 2>&1 || { echo "make-base-image: $tool not found (apt-get install $tool)" >&2; exit 2; }
done
[[ $(id -u) -eq 0 ]] || { echo "make-base-image: debootstrap needs root" >&2; exit 2; }

if [[ -z $work ]]; then
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
fi
mkdir -p "$work"
rootfs=$work/rootfs
rm -rf "$rootfs"
start=$SECONDS

# minbase: essential packages and apt only; the Dockerfile installs what each stage needs.
echo "make-base-image: debootstrap --variant=minbase bookworm $rootfs $mirror"
debootstrap --variant=minbase bookworm "$rootfs" "$mirror" >"$work/debootstrap.log" 2>&1 || {
  tail -n 20 "$work/debootstrap.log" >&2
  echo "make-base-image: debootstrap failed (log above)" >&2
  exit 1
}

# The same suites as Debian's own images, so that the stages get security updates.
cat >"$rootfs/etc/apt/sources.list" <<EOF
deb $mirror bookworm main
deb $mirror bookworm-updates main
deb ${mirror%/debian}/debian-security bookworm-security main
EOF
# As Debian's images do: no documentation or translations, and no package cache left in layers.
cat >"$rootfs/etc/dpkg/dpkg.cfg.d/excludes" <<'EOF'
path-exclude=/usr/share/doc/*
path-include=/usr/share/doc/*/copyright
path-exclude=/usr/share/man/*
path-exclude=/usr/share/info/*
path-exclude=/usr/share/locale/*
EOF
cat >"$rootfs/etc/apt/apt.conf.d/docker-clean" <<'EOF'
DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
Dir::Cache::pkgcache "";
Dir::Cache::srcpkgcache "";
EOF
rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
# Files only: update-alternatives (Java's postinst) links into the man folders, which must stay.
find "$rootfs/usr/share/man" "$rootfs/usr/share/locale" -type f -delete
find "$rootfs/usr/share/doc" -type f ! -name copyright -delete

podman rmi -f "$image" >/dev/null 2>&1 || true
tar -C "$rootfs" --numeric-owner -cf - . |
  podman import --change 'CMD ["/bin/bash"]' - "$image" >/dev/null
size=$(podman image inspect --format '{{.Size}}' "$image")
echo "make-base-image: $image, $((size / 1048576)) MiB, made in $((SECONDS - start)) s"
