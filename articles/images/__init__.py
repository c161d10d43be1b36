"""The image library: the model, checking uploads, and the renditions made when an image is saved.

Pages show images with the `picture` macro (templates/public/articles/includes/picture.html) from the
renditions stored on the model, so no reader's request ever touches an image file.
"""
