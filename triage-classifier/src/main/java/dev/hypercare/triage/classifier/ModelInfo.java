package dev.hypercare.triage.classifier;

import dev.hypercare.model.Category;
import java.util.Map;

/**
 * What a model file says about itself: kept in the file so an evaluation or an explanation can
 * always be traced back to the data and settings that produced it.
 *
 * @param name          a human name given at training (e.g. "minibar-default")
 * @param dataDigest    SHA-256 (hex) over the training examples' labels and texts, in order
 * @param examples      number of training examples
 * @param classCounts   training examples per category
 * @param c             the logistic-regression inverse regularisation strength used
 * @param balanced      whether classes were weighted inversely to their frequency
 * @param cvMacroF1     the cross-validated macro-F1 of the chosen C on the training data, or NaN
 *                      when C was fixed
 * @param validation    how C was chosen ("5-fold stratified", "leave-one-group-out over 2 groups", "fixed C")
 */
public record ModelInfo(String name, String dataDigest, int examples, Map<Category, Integer> classCounts, double c,
        boolean balanced, double cvMacroF1, String validation) {
}
