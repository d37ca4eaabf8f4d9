package org.feedbackrl.baseline;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The documentation of one hyperparameter of a baseline's config record, kept at run time: the
 * {@code feedbackrl baseline} command builds one flag per record component from it
 * ({@code lr} → {@code --lr}, {@code batchSize} → {@code --batch-size}), so the record is the CLI.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface Help {
    /** What the parameter does, its unit or range, and where its default comes from. */
    String value();
}
