package io.expressrefund.bench.pollution;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * A Java agent that finds the type checks which make threads contend on JDK 17 (JDK-8180450): it puts a call to
 * {@link Tracker} before every {@code instanceof} and {@code checkcast} of the classes loaded outside the JDK
 * (Drools, the service, the rules' generated classes). Run through {@code bench/type-pollution.sh}; the agent's
 * argument is the report's path. For finding call sites only: it slows a decision many times over.
 */
public final class Agent {
    private Agent() {
    }

    public static void premain(String report, Instrumentation instrumentation) {
        Tracker.reportAtExit(report);
        instrumentation.addTransformer(new ClassFileTransformer() {
            @Override
            public byte[] transform(ClassLoader loader, String name, Class<?> redefined, ProtectionDomain domain,
                    byte[] bytes) {
                if (name == null || outsideTheScope(name)) {
                    return null;
                }
                try {
                    ClassReader reader = new ClassReader(bytes);
                    ClassWriter writer = new ClassWriter(reader, ClassWriter.COMPUTE_MAXS);
                    reader.accept(new Checks(writer, name), 0);
                    return writer.toByteArray();
                } catch (RuntimeException e) {
                    return null;
                }
            }
        });
    }

    private static boolean outsideTheScope(String name) {
        return name.startsWith("java/") || name.startsWith("jdk/") || name.startsWith("sun/") || name.startsWith("com/sun/")
                || name.startsWith("org/objectweb/") || name.startsWith("org/openjdk/jmh/")
                || name.startsWith("io/expressrefund/bench/pollution/");
    }

    /** Reports each object checked, with the type it is checked against and where, before the check itself. */
    private static final class Checks extends ClassVisitor {
        private final String className;

        Checks(ClassVisitor next, String className) {
            super(Opcodes.ASM9, next);
            this.className = className.replace('/', '.');
        }

        @Override
        public MethodVisitor visitMethod(int access, String method, String descriptor, String signature, String[] exceptions) {
            return new MethodVisitor(Opcodes.ASM9, super.visitMethod(access, method, descriptor, signature, exceptions)) {
                private int line;

                @Override
                public void visitLineNumber(int number, Label start) {
                    line = number;
                    super.visitLineNumber(number, start);
                }

                @Override
                public void visitTypeInsn(int opcode, String type) {
                    if ((opcode == Opcodes.INSTANCEOF || opcode == Opcodes.CHECKCAST) && !type.startsWith("[")) {
                        int site = Tracker.site(className + "." + method + ":" + line + " "
                                + (opcode == Opcodes.INSTANCEOF ? "instanceof " : "checkcast ") + type.replace('/', '.'));
                        super.visitInsn(Opcodes.DUP);
                        super.visitLdcInsn(Type.getObjectType(type));
                        super.visitLdcInsn(site);
                        super.visitMethodInsn(Opcodes.INVOKESTATIC, "io/expressrefund/bench/pollution/Tracker", "check",
                                "(Ljava/lang/Object;Ljava/lang/Class;I)V", false);
                    }
                    super.visitTypeInsn(opcode, type);
                }
            };
        }
    }
}
