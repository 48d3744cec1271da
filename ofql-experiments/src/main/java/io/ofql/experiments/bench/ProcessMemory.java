package io.ofql.experiments.bench;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.util.cuda.CudaUtils;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Structure;
import java.io.IOException;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Where this process's memory is, at one moment: what the operating system has resident, the parts
 * the JVM can name, and the C library's allocator (which libtorch's CPU tensors and the JVM's own
 * native allocations go through), so that growth over a long run can be put on the Java heap, the
 * JVM, live native allocations, or memory the allocator holds free.
 *
 * <pre>
 *   rss            VmRSS of /proc/self/status: everything resident
 *   heap           used and committed Java heap (committed pages need not be resident)
 *   nonHeap        committed metaspace, code cache and other JVM pools
 *   direct         NIO direct and mapped buffers
 *   mallocInUse    bytes malloc has handed out and not got back (glibc mallinfo2: uordblks + hblkhd),
 *                  -1 where there is no glibc
 *   mallocFree     bytes free inside malloc's arenas, kept by the process (fordblks): fragmentation
 *   liveArrays     NDArrays that DJL's managers still hold, in every manager of the process
 *   gpuUsed        device memory in use on the GPU (cudaMemGetInfo: all processes), -1 on the CPU
 * </pre>
 *
 * All sizes in bytes.
 */
public record ProcessMemory(long rss, long heapUsed, long heapCommitted, long nonHeap, long direct, long mallocInUse,
        long mallocFree, long liveArrays, long gpuUsed) {
    private static final Path STATUS = Path.of("/proc/self/status");

    /** A reading now; {@code device} decides whether GPU memory is read. */
    public static ProcessMemory read(Device device) {
        MemoryMXBean bean = ManagementFactory.getMemoryMXBean();
        MemoryUsage heap = bean.getHeapMemoryUsage();
        long direct = 0;
        for (BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
            direct += Math.max(0, pool.getMemoryUsed());
        }
        long gpu = device.isGpu() ? CudaUtils.getGpuMemory(device).getCommitted() : -1;
        long inUse = -1;
        long free = -1;
        CLibrary c = CLibrary.INSTANCE;
        if (c != null) {
            CLibrary.MallInfo2 info = c.mallinfo2();
            inUse = info.uordblks + info.hblkhd;
            free = info.fordblks;
        }
        return new ProcessMemory(residentBytes(), heap.getUsed(), heap.getCommitted(),
                bean.getNonHeapMemoryUsage().getCommitted(), direct, inUse, free, liveArrays(device), gpu);
    }

    /**
     * The Java heap still in use after a full collection ({@code System.gc()}, which G1 runs as a
     * stop-the-world full GC): the live objects alone, without garbage waiting for a collection.
     * A heap whose {@link #heapUsed} rises while this stays flat is filling with garbage, not leaking.
     */
    public static long liveHeapAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** VmRSS from /proc/self/status, or -1 where there is no such file (not Linux). */
    static long residentBytes() {
        try {
            return vmRss(Files.readAllLines(STATUS));
        } catch (IOException e) {
            return -1;
        }
    }

    /** The VmRSS line of a /proc/PID/status text in bytes ("VmRSS:   123456 kB"), -1 if absent. */
    static long vmRss(List<String> statusLines) {
        for (String line : statusLines) {
            if (line.startsWith("VmRSS:")) {
                String[] fields = line.substring("VmRSS:".length()).trim().split("\\s+");
                long value = Long.parseLong(fields[0]);
                if (fields.length < 2 || !fields[1].equals("kB")) {
                    throw new IllegalArgumentException("VmRSS in an unknown unit: " + line);
                }
                return value * 1024;
            }
        }
        return -1;
    }

    /** Arrays held by every manager under the engine's system manager. */
    private static long liveArrays(Device device) {
        try (NDManager probe = NDManager.newBaseManager(device)) {
            // The probe itself holds none; its parent is the root of every manager.
            return probe.getParentManager().getManagedArrays().size();
        }
    }

    /** glibc's allocator statistics (glibc 2.33 and later); null where they cannot be had. */
    interface CLibrary extends Library {
        CLibrary INSTANCE = load();

        private static CLibrary load() {
            try {
                CLibrary c = Native.load("c", CLibrary.class);
                c.mallinfo2();
                return c;
            } catch (UnsatisfiedLinkError e) {
                return null;
            }
        }

        MallInfo2 mallinfo2();

        /** struct mallinfo2: ten size_t fields, in this order. */
        @Structure.FieldOrder({"arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks", "uordblks",
            "fordblks", "keepcost"})
        class MallInfo2 extends Structure implements Structure.ByValue {
            public long arena;
            public long ordblks;
            public long smblks;
            public long hblks;
            public long hblkhd;
            public long usmblks;
            public long fsmblks;
            public long uordblks;
            public long fordblks;
            public long keepcost;
        }
    }
}
