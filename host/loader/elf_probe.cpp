#include "loader/elf_probe.hpp"

#include "loader/descriptor_check.hpp"

#include <elf.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <optional>
#include <vector>

namespace inlet::host {
namespace {

#if defined(__x86_64__)
constexpr uint16_t host_machine = EM_X86_64;
#elif defined(__aarch64__)
constexpr uint16_t host_machine = EM_AARCH64;
#elif defined(__riscv) && __riscv_xlen == 64
constexpr uint16_t host_machine = EM_RISCV;
#elif defined(__powerpc64__)
constexpr uint16_t host_machine = EM_PPC64;
#elif defined(__s390x__)
constexpr uint16_t host_machine = EM_S390;
#else
#error "inlet: unknown machine; add its EM_* constant to the ELF probe"
#endif

#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
constexpr unsigned char host_data = ELFDATA2LSB;
#else
constexpr unsigned char host_data = ELFDATA2MSB;
#endif

// An open file descriptor, closed on scope exit.
class Fd {
public:
    explicit Fd(int fd) : fd_(fd) {}
    ~Fd() {
        if (fd_ >= 0) ::close(fd_);
    }
    Fd(const Fd &) = delete;
    Fd &operator=(const Fd &) = delete;
    int get() const { return fd_; }

private:
    int fd_;
};

// Reads exactly [offset, offset+len) of a file of `size` bytes; false when out of bounds or
// short. Bounds are checked without overflow because every offset comes from the file.
bool read_at(int fd, uint64_t size, uint64_t offset, void *out, uint64_t len) {
    if (offset > size || len > size - offset) return false;
    auto *p = static_cast<unsigned char *>(out);
    while (len > 0) {
        ssize_t n = ::pread(fd, p, len, static_cast<off_t>(offset));
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        p += n;
        offset += static_cast<uint64_t>(n);
        len -= static_cast<uint64_t>(n);
    }
    return true;
}

ElfProbe fail(std::string reason) {
    ElfProbe r;
    r.reason = std::move(reason);
    return r;
}

std::string abi_text(uint32_t major) { return std::to_string(major) + ".x"; }

} // namespace

ElfProbe probe_plugin_file(const std::filesystem::path &file) {
    // O_NONBLOCK: a FIFO named x.so must not hang the scan waiting for a writer.
    Fd fd(::open(file.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK));
    if (fd.get() < 0) return fail(std::string("cannot open: ") + std::strerror(errno));
    struct stat st {};
    if (::fstat(fd.get(), &st) != 0) return fail(std::string("cannot stat: ") + std::strerror(errno));
    if (!S_ISREG(st.st_mode)) return fail("not a regular file");
    const auto size = static_cast<uint64_t>(st.st_size);

    unsigned char ident[EI_NIDENT];
    if (!read_at(fd.get(), size, 0, ident, sizeof ident) ||
        std::memcmp(ident, ELFMAG, SELFMAG) != 0)
        return fail("not an ELF file");
    if (ident[EI_CLASS] != ELFCLASS64) return fail("not a 64-bit ELF file (wrong architecture)");
    if (ident[EI_DATA] != host_data) return fail("ELF file of the wrong byte order");

    Elf64_Ehdr eh{};
    if (!read_at(fd.get(), size, 0, &eh, sizeof eh)) return fail("truncated ELF header");
    if (eh.e_type != ET_DYN) return fail("not a shared object (ELF type is not ET_DYN)");
    if (eh.e_machine != host_machine)
        return fail("built for another machine (ELF machine " + std::to_string(eh.e_machine) +
                    ", this host is " + std::to_string(host_machine) + ")");
    if (eh.e_shoff == 0) return fail("not an inlet plugin (no section headers)");
    if (eh.e_shoff > size) return fail("corrupt ELF header (section headers past the end)");
    if (eh.e_shentsize < sizeof(Elf64_Shdr)) return fail("corrupt ELF section header size");

    auto section = [&](uint64_t index) -> std::optional<Elf64_Shdr> {
        Elf64_Shdr sh{};
        if (index > (size / eh.e_shentsize)) return std::nullopt;
        if (!read_at(fd.get(), size, eh.e_shoff + index * eh.e_shentsize, &sh, sizeof sh))
            return std::nullopt;
        return sh;
    };

    // Extended numbering: with many sections, the real count and string-table index live in
    // section 0 (see elf(5)).
    uint64_t shnum = eh.e_shnum;
    uint64_t shstrndx = eh.e_shstrndx;
    if (shnum == 0 || shstrndx == SHN_XINDEX) {
        auto first = section(0);
        if (!first) return fail("corrupt ELF section headers");
        if (shnum == 0) shnum = first->sh_size;
        if (shstrndx == SHN_XINDEX) shstrndx = first->sh_link;
    }
    if (shstrndx >= shnum) return fail("corrupt ELF section name table index");
    auto names = section(shstrndx);
    if (!names || names->sh_type == SHT_NOBITS || names->sh_size > size)
        return fail("corrupt ELF section name table");
    std::vector<char> strtab(names->sh_size);
    if (!read_at(fd.get(), size, names->sh_offset, strtab.data(), strtab.size()))
        return fail("corrupt ELF section name table");

    static constexpr char wanted[] = INLET_MAGIC_SECTION;
    std::optional<Elf64_Shdr> magic_section;
    for (uint64_t i = 0; i < shnum; ++i) {
        auto sh = section(i);
        if (!sh) return fail("corrupt ELF section headers");
        if (sh->sh_name >= strtab.size()) continue;
        const size_t room = strtab.size() - sh->sh_name;
        if (room >= sizeof wanted && std::memcmp(&strtab[sh->sh_name], wanted, sizeof wanted) == 0) {
            magic_section = sh;
            break;
        }
    }
    if (!magic_section) return fail("not an inlet plugin (no " INLET_MAGIC_SECTION " section)");

    // The fixed prefix every version of the magic shares: the 8 bytes, then the ABI major.
    constexpr uint64_t needed = offsetof(inlet_plugin_magic, abi_major) + sizeof(uint32_t);
    if (magic_section->sh_type == SHT_NOBITS || magic_section->sh_size < needed)
        return fail("truncated/corrupt magic (" INLET_MAGIC_SECTION " section holds " +
                    std::to_string(magic_section->sh_size) + " bytes)");
    ElfProbe r;
    const uint64_t len = std::min<uint64_t>(magic_section->sh_size, sizeof r.magic);
    if (!read_at(fd.get(), size, magic_section->sh_offset, &r.magic, len))
        return fail("truncated/corrupt magic (section lies outside the file)");
    if (std::memcmp(r.magic.magic, INLET_MAGIC_BYTES, sizeof r.magic.magic) != 0)
        return fail("truncated/corrupt magic (bad magic bytes in " INLET_MAGIC_SECTION ")");
    if (r.magic.abi_major != INLET_ABI_MAJOR)
        return fail("built for connector ABI " + abi_text(r.magic.abi_major) +
                    "; this inlet speaks " + abi_text(INLET_ABI_MAJOR));
    // INLET_PLUGIN_MAGIC writes sizeof(inlet_plugin); anything smaller than the ABI 1.0
    // descriptor is a hand-made magic, refused before the file is loaded. (Equality with the
    // descriptor's struct_size is checked once it is loaded: plugin_loader.cpp.)
    constexpr uint64_t with_size = offsetof(inlet_plugin_magic, descriptor_size) + sizeof(uint32_t);
    if (len >= with_size && r.magic.descriptor_size < min_descriptor_size)
        return fail("corrupt magic: descriptor_size " + std::to_string(r.magic.descriptor_size) +
                    " is smaller than the connector ABI 1.0 descriptor (" +
                    std::to_string(min_descriptor_size) + "); define it with INLET_PLUGIN_MAGIC");
    r.ok = true;
    return r;
}

} // namespace inlet::host
